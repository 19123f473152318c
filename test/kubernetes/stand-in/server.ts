import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serverSideApply } from './apply';
import { DeploymentController } from './controller';
import { isObj, objAt, stringAt, type Obj } from './json';
import { findResource, groupList, openApiV3, openApiV3Index, resourceList, type ResourceInfo } from './resources';
import { scenario as defaultScenario, type Scenario } from './scenario';
import { matchesFieldSelector, matchesLabelSelector } from './selectors';
import { decodeAccessReview } from './protobuf';
import { REASONS, sendJson, sendStatus } from './status';
import { Store } from './store';
import { table, wantsTable } from './table';
import { selfSignedCertificate } from './tls';
import { schemaProblems } from './validate';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  status: number;
}

export interface StandIn {
  /** http(s)://127.0.0.1:PORT */
  url: string;
  scenario: Scenario;
  store: Store;
  requests: RecordedRequest[];
  /** Holds and releases the deployment controller (no pod changes while held). */
  hold(): void;
  release(): void;
  /** Resolves once a request matching `test` has been received. */
  received(test: (request: RecordedRequest) => boolean): Promise<void>;
  /** A kubeconfig (token user) pointing at the stand-in, as text. */
  kubeconfig(namespace?: string): string;
  stop(): Promise<void>;
}

export interface StandInOptions {
  /** HTTPS with a fresh self-signed certificate (default), whose CA the kubeconfig carries; false: plain HTTP. */
  tls?: boolean;
}

/**
 * A stand-in for kube-apiserver on 127.0.0.1: discovery, OpenAPI v3 (what kubectl reads), server-side
 * apply, get/list/watch, pod logs and SelfSubjectAccessReview for the resources in resources.ts. Every
 * body is checked against the Kubernetes schemas. Deployments progress through a scripted controller.
 */
export async function startStandIn(overrides: Partial<Scenario> = {}, options: StandInOptions = {}): Promise<StandIn> {
  const scenario = defaultScenario(overrides);
  const store = new Store();
  const podLogs = new Map<string, string[]>();
  const controller = new DeploymentController(store, scenario, podLogs);
  const requests: RecordedRequest[] = [];
  const openWatches = new Set<ServerResponse>();
  for (const name of scenario.namespaces) {
    store.put('core/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
      status: { phase: 'Active' },
    });
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: req.headers['content-type'],
        status: 0,
      };
      requests.push(record);
      const originalWriteHead = res.writeHead.bind(res);
      res.writeHead = ((code: number, ...rest: never[]) => {
        record.status = code;
        return originalWriteHead(code, ...rest);
      }) as typeof res.writeHead;
      try {
        route(req, res, url, Buffer.concat(chunks));
      } catch (error) {
        sendStatus(res, { code: 500, reason: 'InternalError', message: `stand-in bug: ${String(error)}` });
      }
    });
  };

  function route(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): void {
    const body = raw.toString('utf8');
    const method = req.method ?? 'GET';
    if (req.headers.authorization !== `Bearer ${scenario.token}`) {
      sendStatus(res, { code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
      return;
    }
    const fault = scenario.faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (fault) {
      fault.times -= 1;
      sendFault(res, fault.status, fault.retryAfterSeconds, url.pathname);
      return;
    }
    const path = url.pathname.replace(/\/$/, '');
    if (path === '/version') {
      sendJson(res, 200, {
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.0+deploy-kit-stand-in',
        platform: 'linux/amd64',
      });
      return;
    }
    if (path === '/api') {
      sendJson(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }],
      });
      return;
    }
    if (path === '/apis') return sendJson(res, 200, groupList());
    if (path === '/api/v1') return sendJson(res, 200, resourceList('', 'v1'));
    if (path === '/openapi/v3') return sendJson(res, 200, openApiV3Index());
    const openapi = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (openapi) return sendJson(res, 200, openApiV3(openapi[2] ?? '', openapi[1] ?? openapi[3] ?? ''));
    const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (groupVersion) return sendJson(res, 200, resourceList(groupVersion[1] ?? '', groupVersion[2] ?? ''));

    const match =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+)(?=\/))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!match)
      return sendStatus(res, {
        code: 404,
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    const group = match[2] ?? '';
    const version = match[1] ?? match[3] ?? '';
    const namespace = match[4];
    const info = findResource(group, version, match[5] ?? '');
    const name = match[6];
    const subresource = match[7];
    if (!info)
      return sendStatus(res, {
        code: 404,
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    if (info.namespaced && namespace && !store.get('core/namespaces', '', namespace)) {
      return sendStatus(res, {
        code: 404,
        reason: 'NotFound',
        message: `namespaces "${namespace}" not found`,
        details: { name: namespace, kind: 'namespaces' },
      });
    }
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const verb =
      method === 'GET'
        ? watch
          ? 'watch'
          : name
            ? 'get'
            : 'list'
        : method === 'PATCH'
          ? 'patch'
          : method === 'POST'
            ? 'create'
            : method.toLowerCase();
    const denied = scenario.denied.find(
      (d) =>
        d.verb === verb &&
        d.group === info.group &&
        d.resource === info.resource &&
        (d.subresource ?? '') === (subresource ?? ''),
    );
    if (denied) {
      const target = subresource ? `${info.resource}/${subresource}` : info.resource;
      return sendStatus(res, {
        code: 403,
        reason: 'Forbidden',
        message: `${info.resource}${info.group ? `.${info.group}` : ''}${name ? ` "${name}"` : ''} is forbidden: User "deploy-kit" cannot ${verb} resource "${target}" in API group "${info.group}"${namespace ? ` in the namespace "${namespace}"` : ''}`,
      });
    }
    const collection = `${info.group || 'core'}/${info.resource}`;
    if (info.kind === 'SelfSubjectAccessReview' && method === 'POST')
      return accessReview(res, raw, req.headers['content-type']);
    if (subresource === 'log' && info.resource === 'pods' && method === 'GET' && namespace && name)
      return podLog(res, url, namespace, name);
    if (subresource)
      return sendStatus(res, {
        code: 404,
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });

    if (method === 'GET' && watch) return startWatch(res, url, collection, namespace);
    if (method === 'GET' && name) {
      const found = store.get(collection, namespace ?? '', name);
      if (!found) return sendStatus(res, notFound(info, name));
      if (wantsTable(req.headers.accept))
        return sendJson(res, 200, table(info.kind, [found], String(store.currentRevision())));
      return sendJson(res, 200, found);
    }
    if (method === 'GET') {
      const items = filtered(store.list(collection, namespace), url);
      if (wantsTable(req.headers.accept))
        return sendJson(res, 200, table(info.kind, items, String(store.currentRevision())));
      return sendJson(res, 200, {
        kind: `${info.kind}List`,
        apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
        metadata: { resourceVersion: String(store.currentRevision()) },
        items,
      });
    }
    if (method === 'PATCH' && name) {
      const type = req.headers['content-type']?.split(';')[0];
      if (type !== 'application/apply-patch+yaml') {
        return sendStatus(res, {
          code: 415,
          reason: 'UnsupportedMediaType',
          message: `the stand-in serves server-side apply only, not ${String(type)}`,
        });
      }
      const result = serverSideApply({
        info,
        namespace,
        name,
        rawBody: body,
        fieldManager: url.searchParams.get('fieldManager'),
        existing: store.get(collection, namespace ?? '', name),
      });
      if (result.kind === 'error') return sendStatus(res, result.status);
      if (url.searchParams.get('dryRun') === 'All') return sendJson(res, 200, result.object);
      const stored = store.put(collection, result.object);
      return sendJson(res, result.created ? 201 : 200, stored);
    }
    sendStatus(res, {
      code: 405,
      reason: 'MethodNotAllowed',
      message: `the stand-in does not serve ${method} ${path}`,
    });
  }

  function filtered(items: Obj[], url: URL): Obj[] {
    return items.filter(
      (item) =>
        matchesFieldSelector(item, url.searchParams.get('fieldSelector')) &&
        matchesLabelSelector(item, url.searchParams.get('labelSelector')),
    );
  }

  function accessReview(res: ServerResponse, raw: Buffer, contentType: string | undefined): void {
    let review: unknown;
    try {
      review =
        contentType === 'application/vnd.kubernetes.protobuf'
          ? decodeAccessReview(raw)
          : JSON.parse(raw.toString('utf8'));
    } catch (error) {
      return sendStatus(res, {
        code: 400,
        reason: 'BadRequest',
        message: `the body cannot be decoded: ${String(error)}`,
      });
    }
    if (!isObj(review))
      return sendStatus(res, { code: 400, reason: 'BadRequest', message: 'the body is not an object' });
    const problems = schemaProblems('authorization.k8s.io/v1', 'SelfSubjectAccessReview', review);
    if (problems.length > 0)
      return sendStatus(res, {
        code: 422,
        reason: 'Invalid',
        message: `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: ${problems.join(', ')}`,
      });
    const attributes = objAt(review, 'spec', 'resourceAttributes');
    const denied = scenario.denied.some(
      (d) =>
        d.verb === stringAt(attributes, 'verb') &&
        d.group === (stringAt(attributes, 'group') ?? '') &&
        d.resource === stringAt(attributes, 'resource') &&
        (d.subresource ?? '') === (stringAt(attributes, 'subresource') ?? ''),
    );
    sendJson(res, 201, {
      ...review,
      metadata: { creationTimestamp: null },
      status: { allowed: !denied, ...(denied ? { reason: '' } : { reason: 'RBAC: allowed by the stand-in' }) },
    });
  }

  function podLog(res: ServerResponse, url: URL, namespace: string, name: string): void {
    const pod = store.get('core/pods', namespace, name);
    if (!pod) return sendStatus(res, { code: 404, reason: 'NotFound', message: `pods "${name}" not found` });
    const lines = podLogs.get(name);
    if (!lines) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('');
      return;
    }
    if (url.searchParams.get('previous') !== 'true') {
      return sendStatus(res, {
        code: 400,
        reason: 'BadRequest',
        message: `container "${stringAt(pod, 'spec', 'containers') ?? 'app'}" in pod "${name}" is waiting to start: CrashLoopBackOff`,
      });
    }
    const tail = Number(url.searchParams.get('tailLines') ?? lines.length);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(
      lines
        .slice(-tail)
        .map((line) => `${line}\n`)
        .join(''),
    );
  }

  function startWatch(res: ServerResponse, url: URL, collection: string, namespace: string | undefined): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Headers go out now, as kube-apiserver sends them: a quiet watch is still an open watch.
    res.flushHeaders();
    openWatches.add(res);
    let sent = 0;
    const send = (type: string, object: Obj): void => {
      if (res.destroyed) return;
      sent += 1;
      const drop = scenario.watchDropAfterEvents !== undefined && sent >= scenario.watchDropAfterEvents;
      res.write(`${JSON.stringify({ type, object })}\n`, () => {
        // The connection drops mid-stream (no final chunk), as a load balancer or an API server
        // restart drops it; the event already written still reaches the client.
        if (drop) res.socket?.end();
      });
    };
    const rv = url.searchParams.get('resourceVersion');
    const since = rv && rv !== '0' ? Number(rv) : store.currentRevision();
    if (!rv || rv === '0') for (const item of filtered(store.list(collection, namespace), url)) send('ADDED', item);
    const unsubscribe = store.watch(collection, since, (event) => {
      if (namespace !== undefined && stringAt(event.object, 'metadata', 'namespace') !== namespace) return;
      if (filtered([event.object], url).length === 0) return;
      send(event.type, event.object);
    });
    const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
    timer?.unref();
    res.on('close', () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      openWatches.delete(res);
    });
  }

  const tls = options.tls === false ? undefined : await selfSignedCertificate();
  const server: Server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  controller.start();

  return {
    url,
    scenario,
    store,
    requests,
    hold: () => controller.stop(),
    release: () => controller.start(),
    async received(test) {
      while (!requests.some(test)) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    kubeconfig(namespace = 'shop') {
      const cluster = tls
        ? `    server: ${url}\n    certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}\n`
        : `    server: ${url}\n`;
      return `apiVersion: v1\nkind: Config\nclusters:\n- name: stand-in\n  cluster:\n${cluster}users:\n- name: deployer\n  user:\n    token: ${scenario.token}\ncontexts:\n- name: stand-in\n  context:\n    cluster: stand-in\n    user: deployer\n    namespace: ${namespace}\ncurrent-context: stand-in\n`;
    },
    async stop() {
      controller.stop();
      for (const res of openWatches) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendFault(res: ServerResponse, code: number, retryAfterSeconds: number | undefined, path: string): void {
  const reason = REASONS[code] ?? 'InternalError';
  if (code === 409) {
    sendStatus(res, {
      code,
      reason,
      message: `Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.template.spec.containers[name="api"].image`,
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-edit" using apps/v1',
            field: '.spec.template.spec.containers[name="api"].image',
          },
        ],
      },
    });
    return;
  }
  const headers: Record<string, string> =
    retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {};
  sendStatus(
    res,
    {
      code,
      reason,
      message:
        code === 429
          ? 'Too many requests, please try again later.'
          : `Internal error occurred: scripted fault on ${path}`,
    },
    headers,
  );
}

function notFound(
  info: ResourceInfo,
  name: string,
): { code: number; reason: string; message: string; details: object } {
  const resource = `${info.resource}${info.group ? `.${info.group}` : ''}`;
  return {
    code: 404,
    reason: 'NotFound',
    message: `${resource} "${name}" not found`,
    details: { name, group: info.group, kind: info.resource },
  };
}
