export const id = 204;
export const ids = [204];
export const modules = {

/***/ 6204:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ANNOTATIONS: () => (/* reexport */ ANNOTATIONS),
  COLOR_LABEL: () => (/* reexport */ COLOR_LABEL),
  FIELD_MANAGER: () => (/* reexport */ FIELD_MANAGER),
  KINDS: () => (/* reexport */ KINDS),
  KubeApiError: () => (/* reexport */ api_error_KubeApiError),
  KubeClient: () => (/* reexport */ KubeClient),
  POD_TEMPLATE_HASH: () => (/* reexport */ POD_TEMPLATE_HASH),
  TRACK_LABEL: () => (/* reexport */ TRACK_LABEL),
  analysisSettings: () => (/* reexport */ analysisSettings),
  canaryDeployment: () => (/* reexport */ canaryDeployment),
  canaryName: () => (/* reexport */ canaryName),
  canaryReplicas: () => (/* reexport */ canaryReplicas),
  canaryService: () => (/* reexport */ canaryService),
  checkCanarySteps: () => (/* reexport */ checkCanarySteps),
  checkTrafficCanary: () => (/* reexport */ checkTrafficCanary),
  deploymentState: () => (/* reexport */ deploymentState),
  describePermission: () => (/* reexport */ describePermission),
  diagnose: () => (/* reexport */ diagnose),
  formatDiagnosis: () => (/* reexport */ formatDiagnosis),
  formatManifestProblem: () => (/* reexport */ formatManifestProblem),
  httpRouteProblems: () => (/* reexport */ httpRouteProblems),
  isServiceRef: () => (/* reexport */ isServiceRef),
  loadManifests: () => (/* reexport */ loadManifests),
  parseWorkloads: () => (/* reexport */ src_workloads/* parseWorkloads */.K),
  pinImages: () => (/* reexport */ pinImages),
  pinnedService: () => (/* reexport */ pinnedService),
  readCurrent: () => (/* reexport */ readCurrent),
  requiredPermissions: () => (/* reexport */ requiredPermissions),
  rollOut: () => (/* reexport */ rollOut),
  rolloutStatus: () => (/* reexport */ rolloutStatus),
  systemClock: () => (/* reexport */ http_src/* systemClock */.ml),
  unknownFields: () => (/* reexport */ unknownFields),
  waitForRollout: () => (/* reexport */ waitForRollout),
  weightedRoute: () => (/* reexport */ weightedRoute),
  withCluster: () => (/* reexport */ withCluster),
  withKubeconfig: () => (/* reexport */ withKubeconfig)
});

;// CONCATENATED MODULE: ./packages/kubernetes/src/annotations.ts
/** Annotations deploy-kit writes on each Deployment it rolls out (metadata only: they do not restart pods). */
const ANNOTATIONS = {
    version: 'deploy-kit.dev/version',
    /** JSON object: service name -> `repository@sha256:...` for the containers of this Deployment. */
    images: 'deploy-kit.dev/images',
    deploymentId: 'deploy-kit.dev/github-deployment-id',
};
const FIELD_MANAGER = 'deploy-kit';

;// CONCATENATED MODULE: ./packages/kubernetes/src/api-error.ts
/** A failed Kubernetes API call, with the API's own Status reason and message. */
class api_error_KubeApiError extends Error {
    status;
    reason;
    causes;
    /** From a 429's Retry-After header. */
    retryAfterMs;
    constructor(status, 
    /** metav1.Status reason (`Conflict`, `Forbidden`, `Invalid`), or `Unreachable` / `Timeout` for transport failures. */
    reason, message, 
    /** `field: message` lines from Status.details.causes. */
    causes = []) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.causes = causes;
        this.name = 'KubeApiError';
    }
}
/** Reads a metav1.Status body into an error; falls back to the HTTP status when the body is not one. */
function errorFromResponse(status, body, what) {
    let reason = `HTTP ${status}`;
    let message = `${what} answered HTTP ${status}`;
    const causes = [];
    try {
        const parsed = JSON.parse(body);
        if (typeof parsed === 'object' && parsed !== null) {
            const record = parsed;
            if (typeof record.reason === 'string')
                reason = record.reason;
            if (typeof record.message === 'string')
                message = `${what}: ${record.message}`;
            const details = record.details;
            if (typeof details === 'object' && details !== null) {
                const list = details.causes;
                if (Array.isArray(list)) {
                    for (const cause of list) {
                        if (typeof cause !== 'object' || cause === null)
                            continue;
                        const c = cause;
                        causes.push(`${typeof c.field === 'string' ? c.field : ''}: ${typeof c.message === 'string' ? c.message : ''}`);
                    }
                }
            }
        }
    }
    catch {
        // Not a Status (a proxy's HTML page): the HTTP status says enough.
    }
    return new api_error_KubeApiError(status, reason, message, causes);
}

// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/index.js + 876 modules
var dist = __webpack_require__(3857);
;// CONCATENATED MODULE: ./packages/kubernetes/src/client.ts


const RETRYABLE = new Set([429, 500, 502, 503, 504]);
/**
 * Calls the API through the official client's transport: @kubernetes/client-node's KubeConfig signs
 * each request (token, client certificate or exec plugin) and sets TLS verification, and its fetch
 * library sends it. This wrapper adds what every call here needs: a timeout, retry with backoff
 * for idempotent calls, and errors that carry the API's Status.
 */
class KubeClient {
    options;
    http = new dist.IsomorphicFetchHttpLibrary();
    constructor(options) {
        this.options = options;
    }
    get config() {
        return this.options.config;
    }
    get signal() {
        return this.options.signal;
    }
    /** The same client under another signal (e.g. to take a canary out after the job was cancelled). */
    withSignal(signal) {
        return new KubeClient({ ...this.options, signal });
    }
    async json(request) {
        const text = await this.text(request);
        return JSON.parse(text);
    }
    async text(request) {
        const attempts = request.idempotent ? (this.options.attempts ?? 4) : 1;
        let delay = this.options.backoffMs ?? 500;
        for (let attempt = 1;; attempt += 1) {
            try {
                return await this.once(request);
            }
            catch (error) {
                const retryable = error instanceof api_error_KubeApiError &&
                    (RETRYABLE.has(error.status) || error.reason === 'Unreachable' || error.reason === 'Timeout');
                if (!retryable || attempt >= attempts || this.options.signal.aborted)
                    throw error;
                const wait = error.retryAfterMs ?? delay;
                this.options.log.info(`${request.what}: ${error.message}; retrying in ${Math.round(wait / 100) / 10}s (attempt ${attempt + 1} of ${attempts})`);
                await this.options.clock.sleep(wait, this.options.signal);
                delay = Math.min(delay * 2, 8000);
            }
        }
    }
    async once(request) {
        const server = this.options.config.getCurrentCluster()?.server ?? '';
        const url = new URL(server.replace(/\/$/, '') + request.path);
        for (const [key, value] of Object.entries(request.query ?? {}))
            if (value !== undefined)
                url.searchParams.set(key, value);
        const context = new dist.RequestContext(url.toString(), request.method);
        context.setHeaderParam('Accept', 'application/json');
        if (request.body !== undefined) {
            context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
            context.setBody(request.body);
        }
        const timeoutMs = this.options.timeoutMs ?? 30_000;
        context.setSignal(AbortSignal.any([this.options.signal, AbortSignal.timeout(timeoutMs)]));
        try {
            await this.options.config.applySecurityAuthentication(context);
        }
        catch (error) {
            // An exec plugin that is missing or fails, an unreadable client certificate: the user's setup.
            throw new api_error_KubeApiError(0, 'Credentials', `${request.what}: the kubeconfig's user gave no credentials (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
        }
        let status;
        let body;
        let retryAfter;
        try {
            const response = await this.http.send(context).toPromise();
            status = response.httpStatusCode;
            retryAfter = response.headers['retry-after'];
            body = await response.body.text();
        }
        catch (error) {
            if (this.options.signal.aborted)
                throw error;
            const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
            throw new api_error_KubeApiError(0, timedOut ? 'Timeout' : 'Unreachable', timedOut
                ? `${request.what}: no answer within ${timeoutMs / 1000}s`
                : `${request.what}: the API server is unreachable (${describeCause(error)})`);
        }
        if (status >= 200 && status < 300)
            return body;
        const failure = errorFromResponse(status, body, request.what);
        const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
        if (!Number.isNaN(seconds))
            failure.retryAfterMs = Math.min(seconds, 30) * 1000;
        throw failure;
    }
}
function describeCause(error) {
    if (!(error instanceof Error))
        return String(error);
    const cause = error.cause;
    if (cause instanceof Error)
        return `${cause.message}`;
    return error.message;
}

// EXTERNAL MODULE: ./node_modules/kubernetes-models/apps/v1/Deployment.js + 109 modules
var Deployment = __webpack_require__(3189);
// EXTERNAL MODULE: ./node_modules/kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler.js + 23 modules
var HorizontalPodAutoscaler = __webpack_require__(7182);
// EXTERNAL MODULE: ./node_modules/kubernetes-models/networking.k8s.io/v1/Ingress.js + 13 modules
var Ingress = __webpack_require__(575);
// EXTERNAL MODULE: ./node_modules/kubernetes-models/policy/v1/PodDisruptionBudget.js + 3 modules
var PodDisruptionBudget = __webpack_require__(4142);
// EXTERNAL MODULE: ./node_modules/kubernetes-models/v1/ConfigMap.js + 1 modules
var ConfigMap = __webpack_require__(8324);
// EXTERNAL MODULE: ./node_modules/kubernetes-models/v1/Service.js + 9 modules
var Service = __webpack_require__(2679);
// EXTERNAL MODULE: ./node_modules/kubernetes-models/v1/ServiceAccount.js + 2 modules
var ServiceAccount = __webpack_require__(4759);
;// CONCATENATED MODULE: ./packages/kubernetes/src/unknown-fields.ts

/** The official client's generated model of `type` (e.g. `V1DeploymentSpec`), if it is one. */
function attributesOf(type) {
    const model = dist[type];
    if (typeof model !== 'function' || !('getAttributeTypeMap' in model))
        return undefined;
    return model.getAttributeTypeMap();
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Fields the API does not have, as `spec.template.spec.containers[0].imagePullPolcy`. The JSON
 * schemas accept unknown fields, but the API server's strict field validation (which deploy-kit
 * asks for) refuses them; finding them here keeps a typo from failing half-way through an apply.
 * The field lists are the official client's generated models.
 */
function unknownFields(value, type, path = '') {
    const array = /^Array<(.+)>$/.exec(type);
    if (array)
        return Array.isArray(value)
            ? value.flatMap((item, index) => unknownFields(item, array[1] ?? '', `${path}[${index}]`))
            : [];
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map)
        return isRecord(value)
            ? Object.entries(value).flatMap(([key, item]) => unknownFields(item, map[1] ?? '', `${path}.${key}`))
            : [];
    const attributes = attributesOf(type);
    if (!attributes || !isRecord(value))
        return [];
    const out = [];
    for (const [key, item] of Object.entries(value)) {
        const attribute = attributes.find((a) => a.baseName === key);
        const field = path === '' ? key : `${path}.${key}`;
        if (!attribute)
            out.push(field);
        else
            out.push(...unknownFields(item, attribute.type, field));
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/http-route.ts

/**
 * A structural check of a Gateway API `gateway.networking.k8s.io/v1 HTTPRoute`. kubernetes-models
 * has no Gateway API validators (they are CRDs, not built-in kinds), so this checks what deploy-kit
 * reads and writes, by the Gateway API v1 spec: the field names at every level deploy-kit touches
 * (strict field validation would refuse an unknown one), the lists' limits (16 rules, 16
 * backendRefs per rule, 32 parentRefs, 16 hostnames), each backendRef's name, port (1-65535,
 * required for a Service) and weight (0-1000000). Inside `matches`, `filters`, `timeouts`,
 * `retry` and `sessionPersistence` it checks only that they are lists or mappings: the cluster's
 * CRD schema judges the rest when the route is applied.
 */
function httpRouteProblems(route) {
    const problems = [];
    const at = (path, message) => {
        problems.push({ instancePath: path, message });
    };
    for (const key of Object.keys(route))
        if (!TOP.includes(key))
            at(`/${key}`, 'unknown field (not in gateway.networking.k8s.io/v1 HTTPRoute)');
    const metadata = route.metadata;
    if (!http_route_isRecord(metadata))
        at('/metadata', 'must be object');
    else
        for (const field of unknownFields(metadata, 'V1ObjectMeta'))
            at(`/metadata/${field.replaceAll('.', '/')}`, 'unknown field (not in ObjectMeta)');
    const spec = route.spec;
    if (spec === undefined)
        return problems;
    if (!http_route_isRecord(spec)) {
        at('/spec', 'must be object');
        return problems;
    }
    unknownKeys(spec, SPEC, '/spec', at);
    list(spec.parentRefs, '/spec/parentRefs', 32, at, (ref, path) => {
        unknownKeys(ref, PARENT_REF, path, at);
        http_route_name(ref.name, `${path}/name`, at);
        if (ref.port !== undefined)
            integer(ref.port, `${path}/port`, 1, 65535, at);
    });
    list(spec.hostnames, '/spec/hostnames', 16, at, undefined, (value, path) => {
        if (typeof value !== 'string' || value === '')
            at(path, 'must be a non-empty string');
    });
    list(spec.rules, '/spec/rules', 16, at, (rule, path) => {
        unknownKeys(rule, RULE, path, at);
        for (const key of ['matches', 'filters'])
            if (rule[key] !== undefined && !Array.isArray(rule[key]))
                at(`${path}/${key}`, 'must be array');
        for (const key of ['timeouts', 'retry', 'sessionPersistence'])
            if (rule[key] !== undefined && !http_route_isRecord(rule[key]))
                at(`${path}/${key}`, 'must be object');
        list(rule.backendRefs, `${path}/backendRefs`, 16, at, (ref, refPath) => {
            unknownKeys(ref, BACKEND_REF, refPath, at);
            http_route_name(ref.name, `${refPath}/name`, at);
            if (ref.port !== undefined)
                integer(ref.port, `${refPath}/port`, 1, 65535, at);
            else if (isServiceRef(ref))
                at(`${refPath}/port`, 'is required when the backend is a Service');
            if (ref.weight !== undefined)
                integer(ref.weight, `${refPath}/weight`, 0, 1_000_000, at);
            if (ref.filters !== undefined && !Array.isArray(ref.filters))
                at(`${refPath}/filters`, 'must be array');
        });
    });
    return problems;
}
/** Thrown by the HTTPRoute kind's `validate`, carrying `errors` as the kubernetes-models validators do. */
class HttpRouteInvalid extends Error {
    errors;
    constructor(errors) {
        super(errors.map((e) => `${e.instancePath}: ${e.message}`).join('; '));
        this.errors = errors;
    }
}
function validateHttpRoute(route) {
    const problems = httpRouteProblems(route);
    if (problems.length > 0)
        throw new HttpRouteInvalid(problems);
}
/** A backendRef to a core Service (the default group and kind). */
function isServiceRef(ref) {
    return (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
}
const TOP = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC = ['parentRefs', 'hostnames', 'rules'];
const PARENT_REF = ['group', 'kind', 'namespace', 'name', 'sectionName', 'port'];
const RULE = ['name', 'matches', 'filters', 'backendRefs', 'timeouts', 'retry', 'sessionPersistence'];
const BACKEND_REF = ['group', 'kind', 'name', 'namespace', 'port', 'weight', 'filters'];
function http_route_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function unknownKeys(value, known, path, at) {
    for (const key of Object.keys(value))
        if (!known.includes(key))
            at(`${path}/${key}`, 'unknown field (not in gateway.networking.k8s.io/v1 HTTPRoute)');
}
function list(value, path, max, at, each, eachValue) {
    if (value === undefined)
        return;
    if (!Array.isArray(value)) {
        at(path, 'must be array');
        return;
    }
    if (value.length > max)
        at(path, `must NOT have more than ${max} items`);
    value.forEach((item, index) => {
        const itemPath = `${path}/${index}`;
        if (eachValue)
            return eachValue(item, itemPath);
        if (!http_route_isRecord(item))
            return at(itemPath, 'must be object');
        each?.(item, itemPath);
    });
}
function http_route_name(value, path, at) {
    if (value === undefined)
        at(path.replace(/\/name$/, ''), "must have required property 'name'");
    else if (typeof value !== 'string' || value.length < 1 || value.length > 253)
        at(path, 'must be a string of 1 to 253 characters');
}
function integer(value, path, min, max, at) {
    if (typeof value !== 'number' || !Number.isInteger(value))
        at(path, 'must be integer');
    else if (value < min || value > max)
        at(path, `must be between ${min} and ${max}`);
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/kinds.ts








// The validators judge the shape; the constructors only copy fields, hence the casts of unknown data.
function kind(apiVersion, name, resource, make) {
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    const version = apiVersion.split('/').at(-1) ?? 'v1';
    const model = `${version.charAt(0).toUpperCase()}${version.slice(1)}${name}`;
    return { apiVersion, kind: name, group, resource, model, validate: (data) => make(data).validate() };
}
/**
 * The namespaced kinds a manifests folder may hold. A closed list, so every object is checked
 * against its schema before anything is sent, and the Role in docs/kubernetes.md stays small.
 */
const KINDS = [
    kind('apps/v1', 'Deployment', 'deployments', (d) => new Deployment/* Deployment */.S(d)),
    kind('v1', 'Service', 'services', (d) => new Service/* Service */.k(d)),
    kind('v1', 'ConfigMap', 'configmaps', (d) => new ConfigMap/* ConfigMap */.z(d)),
    kind('v1', 'ServiceAccount', 'serviceaccounts', (d) => new ServiceAccount/* ServiceAccount */.V(d)),
    kind('networking.k8s.io/v1', 'Ingress', 'ingresses', (d) => new Ingress/* Ingress */.G(d)),
    kind('autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', (d) => new HorizontalPodAutoscaler/* HorizontalPodAutoscaler */.T(d)),
    kind('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', (d) => new PodDisruptionBudget/* PodDisruptionBudget */.i(d)),
    // A Gateway API CRD: kubernetes-models has no validator for it, so a structural check of our own
    // (http-route.ts), which also finds unknown fields (the official client has no model for it).
    kind('gateway.networking.k8s.io/v1', 'HTTPRoute', 'httproutes', (d) => ({ validate: () => validateHttpRoute(d) })),
];
function kindOf(apiVersion, name) {
    return KINDS.find((k) => k.apiVersion === apiVersion && k.kind === name);
}
const kinds_DEPLOYMENT = KINDS[0];
const SERVICE = KINDS[1];
const HTTP_ROUTE = KINDS.find((k) => k.kind === 'HTTPRoute');
/** `/apis/apps/v1/namespaces/NS/deployments/NAME` */
function kinds_objectPath(info, namespace, name) {
    const base = info.group === '' ? `/api/${info.apiVersion}` : `/apis/${info.apiVersion}`;
    return `${base}/namespaces/${encodeURIComponent(namespace)}/${info.resource}/${encodeURIComponent(name)}`;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/apply.ts



/** Kinds other objects refer to go first; Deployments before what routes to them. */
const ORDER = [
    'ConfigMap',
    'ServiceAccount',
    'Deployment',
    'Service',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
    'Ingress',
    'HTTPRoute',
];
function applyOrder(objects) {
    return [...objects].sort((a, b) => ORDER.indexOf(a.info.kind) - ORDER.indexOf(b.info.kind));
}
/**
 * Server-side apply of one object with field manager `deploy-kit` and strict field validation.
 * `force` decides conflicts with other field managers (see docs/kubernetes.md): off by default, so
 * a field someone else set by hand (`kubectl edit`, `kubectl set image`, an HPA's replicas) is
 * reported as a conflict instead of silently taken over. Apply is idempotent, so it is retried on
 * 429/5xx like a GET.
 */
async function apply_applyObject(client, namespace, manifest, force) {
    const object = structuredClone(manifest.object);
    const metadata = (object.metadata ?? {});
    metadata.namespace = namespace;
    object.metadata = metadata;
    const what = `apply ${manifest.info.kind} "${manifest.name}" (${manifest.file})`;
    try {
        await client.text({
            method: 'PATCH',
            path: kinds_objectPath(manifest.info, namespace, manifest.name),
            query: { fieldManager: FIELD_MANAGER, force: String(force), fieldValidation: 'Strict' },
            contentType: 'application/apply-patch+yaml',
            // JSON is YAML: the body is sent as JSON under the apply-patch+yaml type, as kubectl does.
            body: JSON.stringify(object),
            idempotent: true,
            what,
        });
    }
    catch (error) {
        if (error instanceof api_error_KubeApiError && error.status === 409) {
            const fields = error.causes.length > 0 ? error.causes.join('; ') : error.message;
            throw new api_error_KubeApiError(409, 'Conflict', `${what}: another field manager owns fields deploy-kit sets (${fields}). Remove them from the other manager, or set force-conflicts: true to let deploy-kit take them over.`, error.causes);
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/strategy.ts
/** The full settings analyseStep takes, defaults filled. */
function analysisSettings(analysis) {
    return {
        ...analysis,
        failureLimit: analysis.failureLimit ?? 0,
        onInconclusive: analysis.onInconclusive ?? 'fail',
        count: analysis.count ?? 1,
        intervalMs: analysis.intervalMs ?? 30_000,
    };
}
/** The canary's twin of a name: `<name>-canary` (its Deployment; a traffic canary's Service). */
function canaryName(name) {
    return `${name}-canary`;
}
/** Pods of a canary carry this label (`canary`) on top of the workload's own labels. */
const TRACK_LABEL = 'deploy-kit.dev/track';
const COLOR_LABEL = 'deploy-kit.dev/color';
function otherColor(color) {
    return color === 'blue' ? 'green' : 'blue';
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/canary.ts




/**
 * The canary's share of the replicas for a step: round(stable × weight / 100), at least one (a
 * canary of no pods could not be analysed).
 */
function canaryReplicas(stableReplicas, weightPercent) {
    return Math.max(1, Math.round((stableReplicas * weightPercent) / 100));
}
/**
 * The manifest's Deployment as `<name>-canary` with `replicas`: its selector and pods carry the
 * workload's labels plus `deploy-kit.dev/track: canary`.
 */
function canaryDeployment(deployment, replicas) {
    const object = structuredClone(deployment.object);
    const name = canaryName(deployment.name);
    object.metadata.name = name;
    const spec = object.spec;
    spec.replicas = replicas;
    spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [TRACK_LABEL]: 'canary' } };
    const template = spec.template ?? {};
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [TRACK_LABEL]: 'canary' } };
    spec.template = template;
    return { ...deployment, name, object };
}
/** Scales the Deployment `name` to zero by applying its own fields with replicas 0; false when it does not exist. */
async function scaleToZero(client, namespace, name) {
    let live;
    try {
        live = (await client.json({
            method: 'GET',
            path: objectPath(DEPLOYMENT, namespace, name),
            idempotent: true,
            what: `get deployment ${name}`,
        }));
    }
    catch (error) {
        if (error instanceof KubeApiError && error.status === 404)
            return false;
        throw error;
    }
    // The same fields deploy-kit applied, with replicas 0: its own apply, so no conflict with itself.
    const { metadata, spec } = live;
    const object = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
            name,
            ...(metadata?.labels ? { labels: metadata.labels } : {}),
            ...(metadata?.annotations ? { annotations: metadata.annotations } : {}),
        },
        spec: { ...spec, replicas: 0 },
    };
    await applyObject(client, namespace, { file: '(canary)', document: 1, info: DEPLOYMENT, name, object }, false);
    return true;
}

// EXTERNAL MODULE: ./packages/rollout/src/index.ts + 18 modules
var src = __webpack_require__(195);
;// CONCATENATED MODULE: ./packages/kubernetes/src/diagnose.ts
const PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
function formatDiagnosis(d) {
    const head = `pod ${d.pod}${d.container ? ` container ${d.container}` : ''}: ${d.message}`;
    return d.logTail && d.logTail.length > 0
        ? `${head}\n  last log lines:\n${d.logTail.map((l) => `    ${l}`).join('\n')}`
        : head;
}
/**
 * Reads the not-ready pods of a Deployment (by its selector) and says why each is stuck:
 * ImagePullBackOff, CrashLoopBackOff (with the previous run's last log lines), Unschedulable, a
 * failing readiness probe. At most `maxPods` pods are explained; a failure to read is a note, not
 * an error, since the rollout has already failed.
 */
async function diagnose(client, namespace, labelSelector, maxPods = 3, logLines = 20) {
    const ns = encodeURIComponent(namespace);
    const podList = (await client.json({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/pods`,
        query: { labelSelector },
        idempotent: true,
        what: 'list pods',
    }));
    const events = (await client.json({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/events`,
        idempotent: true,
        what: 'list events',
    })).items ?? [];
    const stuck = (podList.items ?? []).filter((pod) => !(pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
    const out = [];
    for (const pod of stuck.slice(0, maxPods)) {
        const name = pod.metadata?.name ?? '?';
        const podEvents = events.filter((e) => e.involvedObject?.name === name);
        const eventMessage = (reasons) => podEvents.find((e) => reasons.includes(e.reason ?? ''))?.message;
        const unscheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
        if (unscheduled) {
            out.push({
                kind: 'unschedulable',
                pod: name,
                message: `Unschedulable: ${eventMessage(['FailedScheduling']) ?? unscheduled.message ?? 'no node fits the pod'}`,
            });
            continue;
        }
        let explained = false;
        for (const container of pod.status?.containerStatuses ?? []) {
            const waiting = container.state?.waiting;
            if (waiting?.reason && PULL_REASONS.has(waiting.reason)) {
                out.push({
                    kind: 'image-pull',
                    pod: name,
                    container: container.name,
                    message: `${waiting.reason}: ${eventMessage(['Failed']) ?? waiting.message ?? 'the image cannot be pulled'}`,
                });
                explained = true;
            }
            else if (waiting?.reason === 'CrashLoopBackOff' ||
                // Between two back-offs the container is briefly terminated or even running again: a
                // container that keeps exiting (restarts and a last termination) is the same crash loop.
                ((container.restartCount ?? 0) > 0 && container.lastState?.terminated !== undefined && container.ready !== true)) {
                const logTail = await previousLog(client, ns, name, container.name ?? '', logLines);
                const exit = container.lastState?.terminated?.exitCode;
                out.push({
                    kind: 'crash-loop',
                    pod: name,
                    container: container.name,
                    message: `${waiting?.reason ?? 'crash loop (restarting)'}: restarted ${container.restartCount ?? 0} times${exit !== undefined ? `, last exit code ${exit}` : ''}`,
                    logTail,
                });
                explained = true;
            }
            else if (container.ready === false) {
                const probe = eventMessage(['Unhealthy']);
                if (probe) {
                    out.push({ kind: 'readiness-probe', pod: name, container: container.name, message: probe });
                    explained = true;
                }
            }
        }
        if (!explained)
            out.push({ kind: 'not-ready', pod: name, message: 'not ready yet (no failing container or event found)' });
    }
    return out;
}
async function previousLog(client, ns, pod, container, lines) {
    try {
        const text = await client.text({
            method: 'GET',
            path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(pod)}/log`,
            query: { container, previous: 'true', tailLines: String(lines) },
            idempotent: true,
            what: `read the log of pod ${pod}`,
        });
        return text.split('\n').filter((l) => l !== '');
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/rollout-status.ts
function num(value) {
    return typeof value === 'number' ? value : 0;
}
function deploymentState(object) {
    const o = (object ?? {});
    const conditions = Array.isArray(o.status?.conditions)
        ? o.status.conditions
        : [];
    const progressing = conditions.find((c) => c.type === 'Progressing');
    return {
        name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
        generation: typeof o.metadata?.generation === 'number' ? o.metadata.generation : undefined,
        observedGeneration: typeof o.status?.observedGeneration === 'number' ? o.status.observedGeneration : undefined,
        desired: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1,
        replicas: num(o.status?.replicas),
        updated: num(o.status?.updatedReplicas),
        ready: num(o.status?.readyReplicas),
        available: num(o.status?.availableReplicas),
        progressingReason: typeof progressing?.reason === 'string' ? progressing.reason : undefined,
    };
}
/**
 * The rule `kubectl rollout status` applies to a Deployment, in its order and words: the
 * controller has seen the newest spec, the progress deadline has not passed, every replica is
 * updated, no old replica is left, and the updated ones are available; plus (stricter than
 * kubectl) as many ready replicas as desired.
 */
function rolloutStatus(s) {
    if (s.generation !== undefined && (s.observedGeneration === undefined || s.observedGeneration < s.generation)) {
        return { kind: 'waiting', message: `Waiting for deployment spec update to be observed...` };
    }
    if (s.progressingReason === 'ProgressDeadlineExceeded')
        return { kind: 'failed', message: `deployment "${s.name}" exceeded its progress deadline` };
    if (s.updated < s.desired)
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${s.name}" rollout to finish: ${s.updated} out of ${s.desired} new replicas have been updated...`,
        };
    if (s.replicas > s.updated)
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${s.name}" rollout to finish: ${s.replicas - s.updated} old replicas are pending termination...`,
        };
    if (s.available < s.updated)
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${s.name}" rollout to finish: ${s.available} of ${s.updated} updated replicas are available...`,
        };
    if (s.ready < s.desired)
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${s.name}" rollout to finish: ${s.ready} of ${s.desired} replicas are ready...`,
        };
    return { kind: 'done', message: `deployment "${s.name}" successfully rolled out` };
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/wait.ts



/**
 * Waits as `kubectl rollout status` does: a watch on the one Deployment, each change judged by
 * `rolloutStatus`. When the watch drops (a proxy timeout, an API server restart), it falls back to
 * polling the Deployment until it is done, failed, or the deadline passes.
 */
async function waitForRollout(client, options) {
    const { clock, log } = options;
    let lastMessage = '';
    const report = (status) => {
        if (status.kind === 'waiting' && status.message !== lastMessage)
            log.info(status.message);
        lastMessage = status.message;
        return status;
    };
    const read = async () => {
        const object = (await client.json({
            method: 'GET',
            path: kinds_objectPath(kinds_DEPLOYMENT, options.namespace, options.name),
            idempotent: true,
            what: `get deployment ${options.name}`,
        }));
        return {
            status: report(rolloutStatus(deploymentState(object))),
            resourceVersion: object.metadata?.resourceVersion ?? '',
        };
    };
    const finish = (status) => status.kind === 'done'
        ? { kind: 'ready', message: status.message }
        : status.kind === 'failed'
            ? { kind: 'failed', message: status.message }
            : undefined;
    const first = await read();
    const early = finish(first.status);
    if (early)
        return early;
    const watched = await watchUntil(client, options, first.resourceVersion, report);
    if (watched.kind === 'status') {
        const done = finish(watched.status);
        if (done)
            return done;
    }
    if (watched.kind === 'ended')
        log.info(`The watch on deployment ${options.name} ended (${watched.why}); polling it instead.`);
    while (clock.now() < options.deadline) {
        const polled = await read();
        const done = finish(polled.status);
        if (done)
            return done;
        await clock.sleep(Math.min(options.pollMs ?? 2000, Math.max(0, options.deadline - clock.now())), client.signal);
    }
    return {
        kind: 'timeout',
        message: `deployment "${options.name}" did not finish its rollout in time: ${lastMessage}`,
    };
}
async function watchUntil(client, options, resourceVersion, report) {
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, client.signal]);
    const collection = kinds_objectPath(kinds_DEPLOYMENT, options.namespace, options.name).replace(/\/[^/]+$/, '');
    const result = await new Promise((resolve) => {
        let watchController;
        let settled = false;
        const settle = (end) => {
            if (settled)
                return;
            settled = true;
            stop.abort();
            watchController?.abort();
            resolve(end);
        };
        options.clock
            .sleep(Math.max(0, options.deadline - options.clock.now()), signal)
            .then(() => settle({ kind: 'deadline' }))
            // Aborted: by settle() itself (nothing to do), or by the caller's signal (stop watching now).
            .catch(() => settle({ kind: 'ended', why: 'cancelled' }));
        new dist.Watch(client.config)
            .watch(collection, { fieldSelector: `metadata.name=${options.name}`, resourceVersion, allowWatchBookmarks: true }, (type, object) => {
            if (type !== 'ADDED' && type !== 'MODIFIED')
                return;
            const status = report(rolloutStatus(deploymentState(object)));
            if (status.kind !== 'waiting')
                settle({ kind: 'status', status });
        }, (error) => {
            if (!stop.signal.aborted)
                settle({ kind: 'ended', why: error instanceof Error ? error.message : 'closed by the server' });
        })
            .then((controller) => {
            watchController = controller;
            if (stop.signal.aborted)
                controller.abort();
        })
            .catch((error) => settle({ kind: 'ended', why: error instanceof Error ? error.message : String(error) }));
    });
    if (client.signal.aborted)
        throw client.signal.reason;
    return result;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/ready.ts


/**
 * Waits for each Deployment in turn, within one deadline, as `kubectl rollout status` does; the
 * first one that fails or times out is explained from its pods, events and logs.
 */
async function waitUntilReady(client, names, options) {
    const { namespace, deadline, clock, log, pollMs } = options;
    for (const name of new Set(names)) {
        const result = await waitForRollout(client, { namespace, name, deadline, clock, log, pollMs });
        if (result.kind === 'ready') {
            log.info(result.message);
            continue;
        }
        const selector = await selectorOf(client, namespace, name);
        const diagnoses = selector ? await diagnose(client, namespace, selector) : [];
        for (const d of diagnoses)
            log.warning(formatDiagnosis(d));
        const why = diagnoses.length > 0 ? `: ${diagnoses.map((d) => `${d.pod}: ${d.message}`).join('; ')}` : '';
        return { kind: 'unhealthy', deployment: name, why: result.kind, message: `${result.message}${why}`, diagnoses };
    }
    return undefined;
}
async function selectorOf(client, namespace, name) {
    const object = (await client.json({
        method: 'GET',
        path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${encodeURIComponent(name)}`,
        idempotent: true,
        what: `get deployment ${name}`,
    }));
    const labels = object.spec?.selector?.matchLabels ?? {};
    const terms = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    return terms.length > 0 ? terms.join(',') : undefined;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/canary-steps.ts







/**
 * Everything about a canary's steps that can be checked offline, each problem naming the setting:
 * the steps, the pause, and an analysis that can conclude something.
 */
function checkCanarySteps(strategy) {
    const problems = [];
    const { steps } = strategy;
    const stepsOk = steps.length > 0 &&
        steps.every((w, i) => Number.isInteger(w) && w >= 1 && w <= 100 && (i === 0 || w > (steps[i - 1] ?? 0))) &&
        steps.at(-1) === 100;
    if (!stepsOk)
        problems.push(`canary steps [${steps.join(', ')}]: expected whole percentages from 1 to 100, growing, the last one 100 (e.g. [10, 50, 100])`);
    if (!(Number.isFinite(strategy.pauseMs) && strategy.pauseMs >= 0))
        problems.push(`canary pause ${strategy.pauseMs} ms: expected a duration of 0 or more`);
    const { analysis } = strategy;
    if (analysis.metrics.length > 0 && !analysis.prometheus)
        problems.push('canary analysis: metrics need a Prometheus URL (analysis.prometheus)');
    if (analysis.metrics.length === 0 && !analysis.health)
        problems.push('canary analysis: nothing to measure (no metrics and no health check), so every step would be inconclusive; set metrics or health');
    return problems;
}
/**
 * A canary of either kind (its checks passed, permissions granted), the split told apart by
 * `splitFor`:
 * 1. the stable release must run; with no stable Deployment yet, the release goes out whole
 *    (`firstRelease`), as Argo Rollouts does, since there is nothing to compare against; so does a
 *    release whose images the stable Deployment already runs (a rollback after an abort);
 * 2. the stable Deployments are waited for and their replicas read (an HPA may have scaled them),
 *    then the split is prepared;
 * 3. runCanary walks the steps: at each weight the canary Deployment gets round(stable × weight /
 *    100) replicas (at least one) and must be ready before the split sends it traffic, then the
 *    pause and analyseStep; an abort takes the traffic away and scales the canary to zero;
 * 4. promoted: the manifests are applied with the new digests (the stable Deployments roll to
 *    them, waited), then the split is undone and the canary is scaled to zero.
 */
async function runCanarySteps(client, request, runtime, workloads, objects, firstRelease, splitFor) {
    const { log, clock, signal } = runtime;
    const { namespace, strategy } = request;
    const deployments = canaryDeployments(objects, workloads);
    const stableNames = deployments.map((d) => d.name);
    const canaryNames = stableNames.map(canaryName);
    const apply = (object, using = client) => apply_applyObject(using, namespace, object, request.forceConflicts ?? false);
    const waitFor = (names, using = client) => waitUntilReady(using, names, {
        namespace,
        deadline: clock.now() + request.timeoutMs,
        clock,
        log,
        pollMs: runtime.pollMs,
    });
    const absent = [];
    let sameImages = true;
    for (const deployment of deployments) {
        const live = await liveDeployment(client, namespace, deployment.name);
        if (!live)
            absent.push(deployment.name);
        else if (JSON.stringify(live.images) !== JSON.stringify(imagesOf(deployment.object)))
            sameImages = false;
    }
    if (absent.length > 0) {
        log.info(`canary: no stable release runs yet (deployment ${absent.join(', ')}); this first release goes out whole, as there is nothing to compare it with`);
        return firstRelease();
    }
    if (sameImages) {
        // E.g. a rollback after an aborted canary: the stable side already runs these digests.
        log.info(`canary: the stable release already runs these images; it is applied as it is, with no canary`);
        return firstRelease();
    }
    const stableNotReady = await waitFor(stableNames);
    if (stableNotReady)
        return {
            ...stableNotReady,
            message: `the stable release is not ready, so no canary was started: ${stableNotReady.message}`,
        };
    // The sizes come from the cluster, not the manifests: an HPA may own the stable replicas.
    const stableReplicas = new Map();
    for (const deployment of deployments) {
        const live = await liveDeployment(client, namespace, deployment.name);
        stableReplicas.set(deployment.name, live?.replicas ?? 1);
    }
    const cluster = {
        log,
        apply,
        async scaleCanaryToZero(using) {
            const scaled = [];
            for (const deployment of deployments) {
                const name = canaryName(deployment.name);
                const live = await liveDeployment(using, namespace, name);
                if (!live || live.replicas === 0)
                    continue; // never created, or already taken out
                await apply(withoutReplicas(canaryDeployment(deployment, 1)), using);
                scaled.push(name);
            }
            const notReady = await waitFor(scaled, using);
            if (notReady)
                throw new Error(`scaling the canary to zero: ${notReady.message}`);
            if (scaled.length > 0)
                log.info(`canary: deployment ${scaled.join(', ')} scaled to zero`);
        },
    };
    const split = splitFor(cluster);
    const prepared = await split.prepare();
    if (prepared)
        return prepared;
    // Taking the canary out must work after the job was cancelled too (runCanary restores without
    // the run's signal), so it uses a client of its own, bounded by the deploy timeout instead.
    const restoring = () => client.withSignal(AbortSignal.timeout(request.timeoutMs));
    const retire = async (using) => {
        await cluster.scaleCanaryToZero(using);
        await split.restore(using);
    };
    const ports = {
        async setWeight(weight) {
            if (weight === 0) {
                // Only ever set to take the canary out (steps start at 1): it must work after a cancel.
                await split.send(0, [], restoring());
                return;
            }
            const sizes = deployments.map((d) => {
                const stable = stableReplicas.get(d.name) ?? 1;
                return { deployment: d.name, stable, canary: canaryReplicas(stable, weight) };
            });
            for (const [i, deployment] of deployments.entries())
                await apply(canaryDeployment(deployment, sizes[i]?.canary ?? 1));
            const notReady = await waitFor(canaryNames);
            if (notReady)
                throw new Error(`the canary did not become ready for ${weight}%: ${notReady.message}`);
            await split.send(weight, sizes, client);
        },
        async analyse(step, stepSignal) {
            const analysis = await (0,src/* analyseStep */.wf)(analysisSettings(strategy.analysis), {
                clock,
                log,
                signal: stepSignal ?? signal,
            });
            runtime.canaryStep?.({ ...step, steps: strategy.steps.length, analysis });
            return analysis;
        },
        stopCanary: () => retire(restoring()),
    };
    const outcome = await (0,src/* runCanary */.i7)({ steps: strategy.steps, pauseMs: strategy.pauseMs }, ports, { clock, log, signal });
    if (outcome.outcome === 'aborted') {
        const weight = outcome.steps.at(-1)?.weight;
        const restored = outcome.restore.kind === 'restored' ? split.words.restored : split.words.restoreFailed(outcome.restore.error);
        return {
            kind: 'canary-aborted',
            canary: outcome,
            message: `the canary of ${request.release.version} was aborted at step ${outcome.atStep}${weight === undefined ? '' : ` (${weight}%)`}: ${outcome.reason.replace(/\.$/, '')}; ${restored}`,
        };
    }
    return promote(outcome);
    async function promote(canary) {
        // The canary keeps its share of the traffic while the stable Deployments roll to the new digests.
        for (const object of applyOrder(objects.filter((o) => !split.held.has(o)))) {
            await apply(object);
            log.info(`applied ${object.info.kind} ${object.name}`);
        }
        const notReady = await waitFor(stableNames);
        if (notReady)
            return { ...notReady, message: `promoting the canary: ${notReady.message}; ${split.words.whilePromoting}` };
        await split.promoted();
        await retire(client);
        const results = workloads.map((w) => ({
            service: w.service,
            deployment: w.name,
            imageRef: request.release.images[w.service] ?? '',
        }));
        return {
            kind: 'deployed',
            workloads: results,
            canary,
            message: `${request.release.version} passed its canary (${strategy.steps.map((s) => `${s}%`).join(', ')}) and is rolled out to namespace ${namespace}: ${results.map((r) => `${r.service} on deployment/${r.deployment}`).join(', ')}`,
        };
    }
}
/** The manifests' Deployment of each workload, once each (pinImages already refused a missing one). */
function canaryDeployments(objects, workloads) {
    return [...new Set(workloads.map((w) => w.name))]
        .map((name) => objects.find((o) => o.info.kind === 'Deployment' && o.name === name))
        .filter((d) => d !== undefined);
}
/**
 * The canary Deployment as deploy-kit applies it at each step, with no replicas: the same fields
 * and template (no new rollout), so scaling to zero takes over nothing another manager set.
 */
function withoutReplicas(canary) {
    canary.object.spec.replicas = 0;
    return canary;
}
/** Container name -> image of a Deployment's pod template, in the template's order. */
function imagesOf(object) {
    const containers = object.spec?.template
        ?.spec?.containers ?? [];
    return containers.map((c) => [c.name ?? '', c.image ?? '']);
}
/** The live Deployment's images and desired replicas, or undefined when it does not exist. */
async function liveDeployment(client, namespace, name) {
    try {
        const live = await client.json({
            method: 'GET',
            path: kinds_objectPath(kinds_DEPLOYMENT, namespace, name),
            idempotent: true,
            what: `get deployment ${name}`,
        });
        // An absent spec.replicas means 1 to the API server.
        return { images: imagesOf(live), replicas: live.spec?.replicas ?? 1 };
    }
    catch (error) {
        if (error instanceof api_error_KubeApiError && error.status === 404)
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/kubernetes/src/kubeconfig.ts




/**
 * Runs `work` with the kubeconfig (a secret, given as text) written to a 0600 file in a fresh
 * 0700 directory under `tempRoot` (the runner's RUNNER_TEMP), loaded with the official client, and
 * removed afterwards whatever happens. The file is written rather than parsed from memory so that
 * relative paths and exec plugins resolve as kubectl resolves them. Its content is never logged:
 * parse errors name the problem, not the text.
 */
async function withKubeconfig(args, work) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(args.tempRoot ?? (0,external_node_os_.tmpdir)(), 'deploy-kit-kube-'));
    try {
        const file = (0,external_node_path_.join)(dir, 'kubeconfig');
        await (0,promises_.writeFile)(file, args.text, { mode: 0o600 });
        return await work(loadKubeconfig(file, args.context));
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
function loadKubeconfig(file, context) {
    const config = new dist.KubeConfig();
    try {
        config.loadFromFile(file);
    }
    catch (error) {
        // The client's YAML errors can quote the text; keep only the first line's kind of problem.
        const detail = error instanceof Error && error.name ? error.name : 'error';
        return {
            kind: 'invalid',
            message: `the kubeconfig secret is not a valid kubeconfig (${detail}); expected the YAML of a kubeconfig file`,
        };
    }
    if (context !== undefined && context !== '') {
        if (!config.getContextObject(context)) {
            const known = config.getContexts().map((c) => c.name);
            return {
                kind: 'invalid',
                message: `kube-context "${context}" is not in the kubeconfig; it has: ${known.join(', ') || 'no contexts'}`,
            };
        }
        config.setCurrentContext(context);
    }
    if (!config.getCurrentCluster()) {
        return {
            kind: 'invalid',
            message: 'the kubeconfig has no current context with a cluster; set current-context or the kube-context input',
        };
    }
    if (!config.getCurrentUser()) {
        return { kind: 'invalid', message: "the kubeconfig's current context names no user with credentials" };
    }
    return { kind: 'ok', config };
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/connect.ts


/** Runs `work` with a client for the cluster; the kubeconfig file exists only for its duration. */
async function withCluster(access, runtime, work) {
    return withKubeconfig({ text: access.kubeconfig, context: access.context, tempRoot: access.tempRoot }, async (loaded) => {
        if (loaded.kind === 'invalid')
            return { kind: 'bad-kubeconfig', message: loaded.message };
        const client = new KubeClient({
            config: loaded.config,
            clock: runtime.clock,
            signal: runtime.signal,
            log: runtime.log,
            timeoutMs: runtime.callTimeoutMs,
            backoffMs: runtime.backoffMs,
        });
        return { kind: 'connected', value: await work(client) };
    });
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/blue-green.ts



function labelsOf(object) {
    const template = object.spec
        ?.template;
    return template?.metadata?.labels ?? {};
}
/** The Service of the manifests whose selector picks this Deployment's pods. */
function serviceFor(objects, deployment) {
    const labels = labelsOf(deployment.object);
    return objects.find((o) => {
        if (o.info.kind !== 'Service')
            return false;
        const selector = o.object.spec?.selector ?? {};
        const keys = Object.keys(selector).filter((k) => k !== COLOR_LABEL);
        return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
    });
}
/** The colour the live Service selects now, or undefined before the first blue-green release. */
async function liveColor(client, namespace, service) {
    try {
        const live = (await client.json({
            method: 'GET',
            path: kinds_objectPath(SERVICE, namespace, service),
            idempotent: true,
            what: `get service ${service}`,
        }));
        const color = live.spec?.selector?.[COLOR_LABEL];
        return color === 'blue' || color === 'green' ? color : undefined;
    }
    catch (error) {
        if (error instanceof api_error_KubeApiError && error.status === 404)
            return undefined;
        throw error;
    }
}
/** The manifest's Deployment as `<name>-<colour>`, its selector and pod labels carrying the colour. */
function coloredDeployment(deployment, color) {
    const object = structuredClone(deployment.object);
    const name = `${deployment.name}-${color}`;
    object.metadata.name = name;
    const spec = object.spec;
    spec.selector = { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [COLOR_LABEL]: color } };
    const template = spec.template ?? {};
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [COLOR_LABEL]: color } };
    spec.template = template;
    return { ...deployment, name, object };
}
/** The manifest's Service selecting only `color`. */
function switchedService(service, color) {
    const object = structuredClone(service.object);
    const spec = object.spec;
    spec.selector = { ...spec.selector, [COLOR_LABEL]: color };
    return { ...service, object };
}


// EXTERNAL MODULE: ./packages/kubernetes/src/workloads.ts
var src_workloads = __webpack_require__(3336);
;// CONCATENATED MODULE: ./packages/kubernetes/src/current.ts






/**
 * Reads the images and deploy-kit annotations of each workload, so "previous release" and a
 * rollback's "already running" work as on any target. Under blue-green, the colour the Service
 * selects is the one running.
 */
async function readCurrent(request, runtime) {
    const parsed = (0,src_workloads/* parseWorkloads */.K)(request.workloads);
    if (parsed.kind === 'invalid')
        return { kind: 'invalid', problems: parsed.problems };
    try {
        const connected = await withCluster(request, runtime, async (client) => {
            const services = [];
            const missing = [];
            for (const workload of parsed.workloads) {
                const name = await liveDeploymentName(client, request, workload.name);
                const object = await getOrUndefined(client, request.namespace, name);
                if (!object) {
                    missing.push(name);
                    continue;
                }
                const containers = object.spec?.template?.spec?.containers ?? [];
                const image = containers.find((c) => c.name === workload.container)?.image ?? '';
                const annotations = object.metadata?.annotations ?? {};
                const id = Number(annotations[ANNOTATIONS.deploymentId]);
                services.push({
                    service: workload.service,
                    deployment: name,
                    image,
                    digest: /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1],
                    version: annotations[ANNOTATIONS.version],
                    githubDeploymentId: Number.isInteger(id) && id > 0 ? id : undefined,
                });
            }
            return missing.length > 0 ? { kind: 'absent', missing } : { kind: 'running', services };
        });
        return connected.kind === 'bad-kubeconfig' ? connected : connected.value;
    }
    catch (error) {
        if (error instanceof api_error_KubeApiError)
            return { kind: 'api-error', status: error.status, reason: error.reason, message: error.message };
        throw error;
    }
}
async function liveDeploymentName(client, request, name) {
    if (request.strategy.kind !== 'blue-green')
        return name;
    // The Service carries the deployment's name unless the caller maps it (services: deployment -> service).
    const color = await liveColor(client, request.namespace, request.services?.[name] ?? name);
    return color ? `${name}-${color}` : name;
}
async function getOrUndefined(client, namespace, name) {
    try {
        return (await client.json({
            method: 'GET',
            path: kinds_objectPath(kinds_DEPLOYMENT, namespace, name),
            idempotent: true,
            what: `get deployment ${name}`,
        }));
    }
    catch (error) {
        if (error instanceof api_error_KubeApiError && error.status === 404)
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./packages/kubernetes/src/manifests.ts





function formatManifestProblem(p) {
    return [p.file, p.document !== undefined ? `document ${p.document}` : undefined, p.field, p.message]
        .filter((part) => part !== undefined && part !== '')
        .join(': ');
}
/** `/spec/template/spec/containers/0/image` -> `spec.template.spec.containers[0].image` */
function fieldPath(instancePath) {
    return instancePath
        .split('/')
        .filter((part) => part !== '')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}
function schemaErrors(error) {
    const list = typeof error === 'object' && error !== null && Array.isArray(error.errors)
        ? error.errors
        : [];
    const out = [];
    for (const entry of list) {
        if (typeof entry !== 'object' || entry === null)
            continue;
        const e = entry;
        const allowed = Array.isArray(e.params?.allowedValues) ? ` (${e.params.allowedValues.map(String).join(', ')})` : '';
        out.push({
            field: fieldPath(typeof e.instancePath === 'string' ? e.instancePath : ''),
            message: `${typeof e.message === 'string' ? e.message : 'is invalid'}${allowed}`,
        });
    }
    return out.length > 0 ? out : [{ field: '', message: error instanceof Error ? error.message : String(error) }];
}
/**
 * Reads every `.yaml` / `.yml` file directly in `folder` (sorted by name), each possibly holding
 * several documents, and checks each object against its Kubernetes schema. Nothing is contacted:
 * this runs before any API call, and every problem is reported at once.
 */
async function loadManifests(folder, namespace) {
    let names;
    try {
        names = (await (0,promises_.readdir)(folder)).filter((n) => /\.ya?ml$/.test(n)).sort();
    }
    catch {
        return {
            kind: 'invalid',
            problems: [{ file: folder, message: 'the manifests folder does not exist or cannot be read' }],
        };
    }
    if (names.length === 0)
        return {
            kind: 'invalid',
            problems: [{ file: folder, message: 'the manifests folder holds no .yaml or .yml file' }],
        };
    const problems = [];
    const objects = [];
    for (const name of names) {
        const file = (0,external_node_path_.join)(folder, name);
        const text = await (0,promises_.readFile)(file, 'utf8');
        (0,yaml_dist/* parseAllDocuments */.hR)(text).forEach((doc, index) => {
            const document = index + 1;
            if (doc.errors.length > 0) {
                for (const error of doc.errors)
                    problems.push({ file, document, message: `YAML: ${error.message.split('\n')[0] ?? ''}` });
                return;
            }
            const value = doc.toJS();
            if (value === null || value === undefined)
                return; // an empty document (a trailing ---)
            if (typeof value !== 'object' || Array.isArray(value)) {
                problems.push({
                    file,
                    document,
                    message: 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)',
                });
                return;
            }
            const object = value;
            const info = kindOf(object.apiVersion, object.kind);
            if (!info) {
                problems.push({
                    file,
                    document,
                    field: 'kind',
                    message: `${String(object.apiVersion)} ${String(object.kind)} is not a kind deploy-kit applies; expected one of ${KINDS.map((k) => `${k.apiVersion} ${k.kind}`).join(', ')}`,
                });
                return;
            }
            const metadata = object.metadata;
            const objectName = metadata?.name;
            if (typeof objectName !== 'string' || objectName === '') {
                problems.push({ file, document, field: 'metadata.name', message: 'is required' });
                return;
            }
            if (metadata?.namespace !== undefined && metadata.namespace !== namespace) {
                problems.push({
                    file,
                    document,
                    field: 'metadata.namespace',
                    message: `is "${String(metadata.namespace)}", but this environment deploys to namespace "${namespace}"; remove it or make it match`,
                });
            }
            const unknown = unknownFields(object, info.model);
            for (const field of unknown)
                problems.push({ file, document, field, message: `unknown field (not in ${info.apiVersion} ${info.kind})` });
            try {
                info.validate(object);
            }
            catch (error) {
                for (const e of schemaErrors(error))
                    problems.push({ file, document, field: e.field, message: e.message });
                return;
            }
            if (unknown.length > 0)
                return;
            const twin = objects.find((o) => o.info === info && o.name === objectName);
            if (twin) {
                problems.push({
                    file,
                    document,
                    message: `${info.kind} "${objectName}" is also defined in ${twin.file} document ${twin.document}`,
                });
                return;
            }
            objects.push({ file, document, info, name: objectName, object });
        });
    }
    return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', objects };
}

// EXTERNAL MODULE: ./packages/http/src/index.ts + 4 modules
var http_src = __webpack_require__(8897);
;// CONCATENATED MODULE: ./packages/kubernetes/src/types.ts

function describePermission(p) {
    const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    return `${p.verb} ${resource}${p.group ? `.${p.group}` : ''}`;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/permissions.ts

/**
 * Every permission a rollout uses, per resource: apply needs get, create (server-side apply creates
 * a missing object) and patch on each kind in the manifests; waiting needs list and watch on
 * deployments; explaining a failure needs pods, their logs and events; a canary by traffic weight
 * lists ReplicaSets (the stable one's pod-template-hash). docs/kubernetes.md shows
 * the same list as a Role.
 */
function requiredPermissions(objects, options = {}) {
    const list = [];
    const add = (p) => {
        if (!list.some((q) => describePermission(q) === describePermission(p)))
            list.push(p);
    };
    for (const o of objects)
        for (const verb of ['get', 'create', 'patch'])
            add({ verb, group: o.info.group, resource: o.info.resource });
    for (const verb of ['get', 'list', 'watch'])
        add({ verb, group: 'apps', resource: 'deployments' });
    // A traffic canary pins the stable Service to the stable ReplicaSet's pod-template-hash.
    if (options.trafficCanary)
        add({ verb: 'list', group: 'apps', resource: 'replicasets' });
    add({ verb: 'list', group: '', resource: 'pods' });
    add({ verb: 'get', group: '', resource: 'pods', subresource: 'log' });
    add({ verb: 'list', group: '', resource: 'events' });
    return list;
}
/** Asks the API server (SelfSubjectAccessReview) about each permission; returns the ones missing. */
async function missingPermissions(client, namespace, needed) {
    const answers = await Promise.all(needed.map(async (p) => {
        const review = {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
                resourceAttributes: {
                    namespace,
                    verb: p.verb,
                    group: p.group,
                    resource: p.resource,
                    ...(p.subresource ? { subresource: p.subresource } : {}),
                },
            },
        };
        const answer = await client.json({
            method: 'POST',
            path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
            body: JSON.stringify(review),
            // A review is a question, not a stored object: asking twice is safe.
            idempotent: true,
            what: `check permission "${describePermission(p)}"`,
        });
        const allowed = answer?.status?.allowed === true;
        return allowed ? undefined : p;
    }));
    return answers.filter((p) => p !== undefined);
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/pin-images.ts


const PINNED = /^[^@\s]+@sha256:[0-9a-f]{64}$/;
function containersOf(object) {
    const spec = object.spec;
    const list = spec?.template?.spec?.containers;
    return Array.isArray(list)
        ? list.filter((c) => typeof c === 'object' && c !== null)
        : [];
}
/**
 * Copies the manifests with each service's container image set to its digest-pinned reference,
 * and each touched Deployment annotated with the release version, its images and the GitHub
 * deployment id. Pure: a problem (a workload missing from the manifests, an unpinned image) is
 * returned, nothing is sent.
 */
function pinImages(objects, workloads, release) {
    const problems = [];
    const copies = objects.map((o) => ({ ...o, object: structuredClone(o.object) }));
    const imagesByDeployment = new Map();
    for (const workload of workloads) {
        const imageRef = release.images[workload.service];
        if (imageRef === undefined) {
            problems.push(`service "${workload.service}" has no image in this release`);
            continue;
        }
        if (!PINNED.test(imageRef)) {
            problems.push(`service "${workload.service}": image "${imageRef}" is not pinned by digest (expected repository@sha256:<64 hex>)`);
            continue;
        }
        const target = copies.find((o) => o.info.kind === 'Deployment' && o.name === workload.name);
        if (!target) {
            problems.push(`workload ${(0,src_workloads/* describeWorkload */.H)(workload)} (service "${workload.service}"): the manifests hold no Deployment "${workload.name}"`);
            continue;
        }
        const container = containersOf(target.object).find((c) => c.name === workload.container);
        if (!container) {
            const names = containersOf(target.object).map((c) => String(c.name));
            problems.push(`workload ${(0,src_workloads/* describeWorkload */.H)(workload)}: Deployment "${workload.name}" (${target.file}) has no container "${workload.container}"; it has ${names.join(', ') || 'none'}`);
            continue;
        }
        container.image = imageRef;
        const images = imagesByDeployment.get(workload.name) ?? {};
        images[workload.service] = imageRef;
        imagesByDeployment.set(workload.name, images);
    }
    for (const copy of copies) {
        const images = imagesByDeployment.get(copy.name);
        if (copy.info.kind !== 'Deployment' || !images)
            continue;
        const metadata = (copy.object.metadata ?? {});
        const annotations = { ...(metadata.annotations ?? {}) };
        annotations[ANNOTATIONS.version] = release.version;
        annotations[ANNOTATIONS.images] = JSON.stringify(images);
        if (release.githubDeploymentId !== undefined)
            annotations[ANNOTATIONS.deploymentId] = String(release.githubDeploymentId);
        metadata.annotations = annotations;
        copy.object.metadata = metadata;
    }
    return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', objects: copies };
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/replica-canary.ts


/**
 * A canary by replica ratio (its checks passed, permissions granted), run by runCanarySteps: the
 * canary's pods carry the workload's labels, so the workload's Service already sends them traffic
 * in proportion to the pods once they are ready. There is nothing else to set at a step, nothing
 * to prepare and nothing held back from the promotion; taking the canary out of the traffic is
 * scaling it to zero, so the stable release serves everything again without ever being touched.
 */
function runReplicaCanary(client, request, runtime, workloads, objects, firstRelease) {
    const canaries = [...new Set(workloads.map((w) => canaryName(w.name)))].join(', ');
    return runCanarySteps(client, request, runtime, workloads, objects, firstRelease, (cluster) => ({
        held: new Set(),
        prepare: () => Promise.resolve(undefined),
        async send(weight, sizes, using) {
            if (weight === 0) {
                await cluster.scaleCanaryToZero(using);
                return;
            }
            for (const size of sizes)
                cluster.log.info(`canary: ${describeShare(size)}`);
        },
        restore: () => Promise.resolve(),
        promoted: () => Promise.resolve(),
        words: {
            restored: 'the canary is scaled to zero, so the stable release serves all traffic again',
            restoreFailed: (error) => `taking the canary out failed (${error}); scale deployment ${canaries} to zero by hand`,
            whilePromoting: `the canary (deployment ${canaries}) keeps running beside it`,
        },
    }));
}
/**
 * What share of the requests a step's canary gets: its pods among all the pods the Service picks
 * (the stable Deployment keeps all of its own), e.g. 1 pod beside 4 is about 20 %.
 */
function describeShare(size) {
    const share = Math.round((size.canary / (size.canary + size.stable)) * 100);
    const pods = size.canary === 1 ? 'pod' : 'pods';
    return `deployment ${canaryName(size.deployment)} runs ${size.canary} ${pods} beside the ${size.stable} of deployment ${size.deployment}: about ${share}% of the requests to their Service`;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/traffic-route.ts


/** The label the Deployment controller puts on every pod of a ReplicaSet (its template's hash). */
const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Whether a backendRef of the route points at the Service `service` in the route's own namespace. */
function refersTo(route, service) {
    return backendRefs(route).some((ref) => isServiceRef(ref) && ref.name === service && ref.namespace === undefined);
}
function backendRefs(route) {
    const rules = route.object.spec?.rules ?? [];
    return rules.flatMap((rule) => rule.backendRefs ?? []);
}
/**
 * The route as in the manifests, with every backendRef to one of `services` split in two: the
 * stable Service at weight 100 - `weight`, and `<service>-canary` (same port and filters) at
 * `weight`. Gateway API weights are proportional within a rule, so 90 and 10 are 90 % and 10 %.
 * The whole route is applied by deploy-kit as every manifest is, so it owns these fields and no
 * other manager's (the gateway controller writes only the status).
 */
function weightedRoute(route, services, weight) {
    const object = structuredClone(route.object);
    const spec = object.spec;
    for (const rule of spec?.rules ?? []) {
        if (!rule.backendRefs)
            continue;
        rule.backendRefs = rule.backendRefs.flatMap((ref) => isServiceRef(ref) && ref.namespace === undefined && services.includes(ref.name ?? '')
            ? [
                { ...ref, weight: 100 - weight },
                { ...ref, name: canaryName(ref.name ?? ''), weight },
            ]
            : [ref]);
    }
    return { ...route, object };
}
/**
 * `<service>-canary`: the manifest's Service selecting only the canary's pods (its selector plus
 * `deploy-kit.dev/track: canary`), a ClusterIP with the same ports, so the route can weigh it.
 */
function canaryService(service) {
    const source = service.object;
    const name = canaryName(service.name);
    const ports = (source.spec?.ports ?? []).map((port) => {
        const copy = { ...port };
        delete copy.nodePort; // node ports are unique per cluster: the canary's would collide with the stable's
        return copy;
    });
    const object = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, ...(source.metadata?.labels ? { labels: source.metadata.labels } : {}) },
        spec: { type: 'ClusterIP', selector: { ...source.spec?.selector, [TRACK_LABEL]: 'canary' }, ports },
    };
    return { ...service, name, object };
}
/**
 * The manifest's Service pinned to the stable ReplicaSet's pods (`pod-template-hash`, which the
 * canary's pods never carry), so the stable side of the route reaches only the stable release,
 * as Argo Rollouts pins its stable Service.
 */
function pinnedService(service, hash) {
    const object = structuredClone(service.object);
    const spec = (object.spec ?? {});
    spec.selector = { ...spec.selector, [POD_TEMPLATE_HASH]: hash };
    object.spec = spec;
    return { ...service, object };
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/traffic-canary.ts





function routeOf(strategy, objects) {
    return objects.find((o) => o.info.kind === strategy.route.kind && o.name === strategy.route.name);
}
function splitsOf(objects, workloads) {
    const names = [...new Set(workloads.map((w) => w.name))];
    return names.map((name) => {
        const deployment = objects.find((o) => o.info.kind === 'Deployment' && o.name === name);
        const service = deployment ? serviceFor(objects, deployment) : undefined;
        return { deployment, split: deployment && service ? { deployment, service } : undefined };
    });
}
/**
 * Everything about a canary by traffic weight that can be checked offline, each problem naming the
 * setting or the manifest: the steps and analysis (checkCanarySteps), the route (an HTTPRoute of the manifests that sends to each
 * workload's Service), and an analysis that can conclude something.
 */
function checkTrafficCanary(strategy, objects, workloads) {
    const problems = checkCanarySteps(strategy);
    const route = routeOf(strategy, objects);
    if (!route) {
        const routes = objects.filter((o) => o.info.kind === 'HTTPRoute').map((o) => `"${o.name}"`);
        problems.push(`canary route: HTTPRoute "${strategy.route.name}" is not in the manifests (${routes.length > 0 ? `they hold ${routes.join(', ')}` : 'they hold no HTTPRoute'})`);
    }
    for (const { deployment, split } of splitsOf(objects, workloads)) {
        if (!deployment)
            continue; // pinImages already reported the missing Deployment
        if (!split) {
            problems.push(`canary by traffic: Deployment "${deployment.name}" (${deployment.file}) has no Service in the manifests whose selector picks its pods`);
            continue;
        }
        if (route && !refersTo(route, split.service.name))
            problems.push(`canary route: HTTPRoute "${route.name}" (${route.file}) has no backendRef to Service "${split.service.name}" (the Service of Deployment "${deployment.name}"), so there is no traffic to split`);
        const twin = objects.find((o) => o.info.kind === 'Service' && o.name === canaryName(split.service.name));
        if (twin)
            problems.push(`canary by traffic: the manifests already hold a Service "${twin.name}" (${twin.file}); deploy-kit creates it for the canary's pods`);
    }
    return problems;
}
/**
 * A canary by traffic weight (the checks above passed, permissions granted), run by
 * runCanarySteps with the route as its split:
 * - prepared: each workload's Service is pinned to the stable ReplicaSet's pod-template-hash and
 *   `<service>-canary` is created for the canary's pods, so the route's weights are the real split;
 * - at each weight the route's backendRefs are split stable `100 - weight` / canary `weight`
 *   (after the canary's pods are ready); weight 0 takes the canary out of the traffic;
 * - promoted: while the stable Deployments roll, the canary takes all the traffic; then the
 *   Services are unpinned and the weight goes back to the stable side; once the canary is scaled to
 *   zero, the route and Services are as in the manifests.
 */
function runTrafficCanary(client, request, runtime, workloads, objects, firstRelease) {
    const { strategy, namespace } = request;
    const route = routeOf(strategy, objects);
    const splits = splitsOf(objects, workloads)
        .map((s) => s.split)
        .filter((s) => s !== undefined);
    const serviceNames = splits.map((s) => s.service.name);
    return runCanarySteps(client, request, runtime, workloads, objects, firstRelease, ({ apply, log }) => ({
        // The route and the Services hold the split until the stable Deployments run the new digests.
        held: new Set([route, ...splits.map((s) => s.service)]),
        async prepare() {
            for (const split of splits) {
                const hash = await stableHash(client, namespace, split.deployment.name);
                if (!hash)
                    return {
                        kind: 'unhealthy',
                        deployment: split.deployment.name,
                        why: 'failed',
                        message: `no single ReplicaSet of deployment "${split.deployment.name}" has replicas, so its pods cannot be told from the canary's; no canary was started`,
                        diagnoses: [],
                    };
                await apply(canaryService(split.service));
                await apply(pinnedService(split.service, hash));
                log.info(`canary: service ${split.service.name} pinned to the stable pods (${POD_TEMPLATE_HASH}=${hash})`);
            }
            return undefined;
        },
        async send(weight, _sizes, using) {
            await apply(weightedRoute(route, serviceNames, weight), using);
            log.info(`canary: route ${route.name} sends ${weight}% to ${serviceNames.map(canaryName).join(', ')}`);
        },
        async restore(using) {
            await apply(route, using);
            for (const split of splits)
                await apply(split.service, using);
            log.info(`canary: route ${route.name} and service ${serviceNames.join(', ')} are as in the manifests`);
        },
        async promoted() {
            for (const split of splits)
                await apply(split.service); // unpinned: the new stable pods (and the canary's, the same release)
            await apply(weightedRoute(route, serviceNames, 0));
        },
        words: {
            restored: 'the route sends all traffic to the stable release again and the canary is scaled to zero',
            restoreFailed: (error) => `taking the canary out failed (${error}); check the route ${route.name} by hand`,
            whilePromoting: `the canary keeps all the traffic of route ${route.name}`,
        },
    }));
}
/**
 * The pod-template-hash of the one ReplicaSet of `deployment` that has replicas (after a finished
 * rollout there is exactly one); undefined otherwise.
 */
async function stableHash(client, namespace, deployment) {
    const live = (await client.json({
        method: 'GET',
        path: kinds_objectPath(kinds_DEPLOYMENT, namespace, deployment),
        idempotent: true,
        what: `get deployment ${deployment}`,
    }));
    const labelSelector = Object.entries(live.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    const list = (await client.json({
        method: 'GET',
        path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`,
        query: { labelSelector },
        idempotent: true,
        what: `list replicasets of deployment ${deployment}`,
    }));
    const active = (list.items ?? []).filter((rs) => (rs.spec?.replicas ?? 0) > 0 &&
        (rs.metadata?.ownerReferences ?? []).some((o) => o.kind === 'Deployment' && o.name === deployment));
    return active.length === 1 ? active[0]?.metadata?.labels?.[POD_TEMPLATE_HASH] : undefined;
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/roll-out.ts













/**
 * Puts a release on the cluster: check everything that can be checked offline (workloads, the
 * manifests against the schemas, the digests), then the permissions (SelfSubjectAccessReview),
 * then server-side apply and wait as `kubectl rollout status` does. A rollback is the same call
 * with the previous release's digests.
 */
async function rollOut(request, runtime) {
    const parsed = (0,src_workloads/* parseWorkloads */.K)(request.workloads);
    if (parsed.kind === 'invalid')
        return { kind: 'invalid', problems: parsed.problems };
    const loaded = await loadManifests(request.manifests, request.namespace);
    if (loaded.kind === 'invalid')
        return { kind: 'invalid', problems: loaded.problems.map(formatManifestProblem) };
    let objects = loaded.objects;
    if (request.strategy.kind === 'rolling')
        objects = withRollingSettings(objects, parsed.workloads, request.strategy);
    const pinned = pinImages(objects, parsed.workloads, request.release);
    if (pinned.kind === 'invalid')
        return { kind: 'invalid', problems: pinned.problems };
    if (request.strategy.kind === 'canary') {
        const problems = request.strategy.by === 'traffic'
            ? checkTrafficCanary(request.strategy, pinned.objects, parsed.workloads)
            : checkCanarySteps(request.strategy);
        if (problems.length > 0)
            return { kind: 'invalid', problems };
    }
    if (request.strategy.kind === 'blue-green') {
        const missing = parsed.workloads
            .map((w) => pinned.objects.find((o) => o.info.kind === 'Deployment' && o.name === w.name))
            .filter((d) => d !== undefined && !serviceFor(pinned.objects, d))
            .map((d) => `blue-green: Deployment "${d.name}" (${d.file}) has no Service in the manifests whose selector picks its pods`);
        if (missing.length > 0)
            return { kind: 'invalid', problems: missing };
    }
    try {
        const connected = await withCluster(request, runtime, (client) => applyAndWait(client, request, runtime, parsed.workloads, pinned.objects));
        return connected.kind === 'bad-kubeconfig' ? connected : connected.value;
    }
    catch (error) {
        if (error instanceof api_error_KubeApiError)
            return { kind: 'api-error', status: error.status, reason: error.reason, message: error.message };
        throw error;
    }
}
function withRollingSettings(objects, workloads, strategy) {
    if (strategy.maxSurge === undefined && strategy.maxUnavailable === undefined)
        return objects;
    return objects.map((o) => {
        if (o.info.kind !== 'Deployment' || !workloads.some((w) => w.name === o.name))
            return o;
        const object = structuredClone(o.object);
        const spec = object.spec;
        spec.strategy = {
            type: 'RollingUpdate',
            rollingUpdate: {
                ...spec.strategy?.rollingUpdate,
                ...(strategy.maxSurge !== undefined ? { maxSurge: strategy.maxSurge } : {}),
                ...(strategy.maxUnavailable !== undefined ? { maxUnavailable: strategy.maxUnavailable } : {}),
            },
        };
        return { ...o, object };
    });
}
async function applyAndWait(client, request, runtime, workloads, objects, 
/** Permissions were already checked (a canary's first release, which goes out whole). */
permitted = false) {
    const { log, clock } = runtime;
    const { namespace } = request;
    const blueGreen = request.strategy.kind === 'blue-green';
    // Permissions first, before any other call: the kinds of the manifests (a canary's promotion is
    // a release of the manifests too); a canary by traffic also lists ReplicaSets.
    const trafficCanary = request.strategy.kind === 'canary' && request.strategy.by === 'traffic';
    const missing = permitted
        ? []
        : await missingPermissions(client, namespace, requiredPermissions(objects, { trafficCanary }));
    if (missing.length > 0) {
        const list = missing.map(describePermission).join(', ');
        return {
            kind: 'forbidden',
            missing,
            message: `the kubeconfig's user may not ${list} in namespace "${namespace}"; grant the Role in docs/kubernetes.md`,
        };
    }
    if (request.strategy.kind === 'canary') {
        // A release the canary does not run (the first one, or one the stable side already runs) goes
        // out as a plain rolling release, its permissions already checked.
        const whole = () => applyAndWait(client, { ...request, strategy: { kind: 'rolling' } }, runtime, workloads, objects, true);
        const strategy = request.strategy;
        return strategy.by === 'traffic'
            ? runTrafficCanary(client, { ...request, strategy }, runtime, workloads, objects, whole)
            : runReplicaCanary(client, { ...request, strategy }, runtime, workloads, objects, whole);
    }
    // Blue-green: each workload's Deployment goes out under the idle colour; its Service waits.
    const switches = [];
    let toApply = objects;
    const deploymentNames = new Map();
    if (blueGreen) {
        toApply = [];
        const held = new Set();
        for (const object of objects) {
            const workload = workloads.find((w) => object.info.kind === 'Deployment' && w.name === object.name);
            if (!workload)
                continue;
            const service = serviceFor(objects, object);
            const color = otherColor(await liveColor(client, namespace, service.name));
            log.info(`blue-green: ${service.name} goes to ${color} (deployment ${object.name}-${color})`);
            toApply.push(coloredDeployment(object, color));
            deploymentNames.set(object.name, `${object.name}-${color}`);
            switches.push({ service: switchedService(service, color), color });
            held.add(object);
            held.add(service);
        }
        toApply.push(...objects.filter((o) => !held.has(o)));
    }
    for (const object of applyOrder(toApply)) {
        await apply_applyObject(client, namespace, object, request.forceConflicts ?? false);
        log.info(`applied ${object.info.kind} ${object.name}`);
    }
    const notReady = await waitUntilReady(client, workloads.map((w) => deploymentNames.get(w.name) ?? w.name), { namespace, deadline: clock.now() + request.timeoutMs, clock, log, pollMs: runtime.pollMs });
    if (notReady)
        return notReady;
    for (const { service, color } of switches) {
        await apply_applyObject(client, namespace, service, request.forceConflicts ?? false);
        log.info(`blue-green: service ${service.name} now selects ${color}`);
    }
    const results = workloads.map((w) => ({
        service: w.service,
        deployment: deploymentNames.get(w.name) ?? w.name,
        imageRef: request.release.images[w.service] ?? '',
    }));
    return {
        kind: 'deployed',
        workloads: results,
        message: `${request.release.version} is rolled out to namespace ${namespace}: ${results.map((r) => `${r.service} on deployment/${r.deployment}`).join(', ')}`,
    };
}

;// CONCATENATED MODULE: ./packages/kubernetes/src/index.ts

























/***/ })

};
