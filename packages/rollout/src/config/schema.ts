import { z } from 'zod';
import { DURATION } from './durations';

/**
 * The `strategy` setting of an environment (`environments.<name>.strategy` in
 * .github/deploy-kit.yml), as zod fragments for packages/model to plug in. Messages read
 * `expected ...` like the model's own. Whether the environment's target can run a strategy is
 * checked by checkStrategyFor, which knows the target.
 */

function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? `required: ${what}` : `expected ${what}`),
  };
}

function duration(fallback: string, what: string) {
  const is = expected('a duration such as 500ms, 5s, 2m or 1h');
  return z.string(is).regex(DURATION, is).default(fallback).describe(what);
}

const ONE_LINE = /^[^\r\n\0]*$/;
const PATH_TEXT = /^[^-\r\n\0][^\r\n\0]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const PROXY_KINDS = ['nginx', 'haproxy', 'caddy'] as const;

export const proxySchema = z
  .strictObject(
    {
      kind: z
        .enum(PROXY_KINDS, expected(`kind: ${PROXY_KINDS.join(', ')}`))
        .describe('The reverse proxy in front of the app.'),
      runs: z
        .enum(['compose', 'host'], expected('compose or host'))
        .default('compose')
        .describe('compose: a service of the compose project; host: the host’s own proxy (e.g. the Debian service).'),
      service: z
        .string(expected('a compose service name'))
        .regex(NAME, expected('a compose service name'))
        .optional()
        .describe('With runs: compose, the proxy’s compose service. Default: proxy.'),
      upstream: z
        .string(expected('an upstream name such as api'))
        .regex(NAME, expected('an upstream name such as api'))
        .describe('The one upstream deploy-kit owns in the proxy’s configuration; the rest is left alone.'),
      'config-file': z
        .string(expected('a file on the host'))
        .regex(PATH_TEXT, expected('a file on the host'))
        .optional()
        .describe('Where deploy-kit writes that upstream, included by your configuration. Default per proxy kind.'),
    },
    expected('a map of proxy settings, e.g. { kind: nginx, upstream: api }'),
  )
  .describe('The reverse proxy that switches (blue-green) or splits (canary) the traffic.');

const drainTimeout = duration(
  '30s',
  'How long requests in flight on the old release may take to finish after a switch.',
);

const recreateSchema = z
  .strictObject({ kind: z.literal('recreate') })
  .describe('Stop the old release, start the new one (the default; a short outage).');

const blueGreenSchema = z
  .strictObject({
    kind: z.literal('blue-green'),
    proxy: proxySchema.optional(),
    'drain-timeout': drainTimeout,
    keep: duration(
      '1h',
      'How long the old release stays (stopped out of traffic) so a rollback is a proxy switch back.',
    ),
  })
  .describe('Start the new release beside the old one, health-check it, switch the proxy, drain the old one.');

/** `1` (hosts) or `34%` (of the hosts, rounded up, at least 1). */
const batchIs = expected('a number of hosts such as 1, or a percentage of them such as 34%');
// Optional rather than defaulted (the default, 1, is applied by the resolver), so the target
// check can tell a batch the user wrote from none: kubernetes refuses a written one.
const batchSchema = z
  .union([z.int(batchIs).min(1, batchIs), z.string(batchIs).regex(/^(?:100|[1-9]\d?)%$/, batchIs)], batchIs)
  .optional()
  .describe('ssh-compose: hosts per batch, a number or a percentage of the hosts (rounded up, at least 1). Default 1.');

/** Kubernetes' RollingUpdate `maxSurge`/`maxUnavailable`: a number of pods or a percentage. */
const podsIs = expected('a number of pods such as 1, or a percentage such as 25%');
const podsSchema = z.union(
  [z.int(podsIs).min(0, podsIs), z.string(podsIs).regex(/^(?:100|[1-9]?\d)%$/, podsIs)],
  podsIs,
);

const hookSchema = z.string(expected('a script')).regex(/\S/, expected('a script')).optional();

const rollingSchema = z
  .strictObject({
    kind: z.literal('rolling'),
    batch: batchSchema,
    'per-host': z
      .enum(['recreate', 'blue-green'], expected('recreate or blue-green'))
      .optional()
      .describe('ssh-compose: how each host is updated, recreate or blue-green. Default recreate.'),
    proxy: proxySchema.optional().describe('With per-host: blue-green, each host’s proxy.'),
    'max-surge': podsSchema
      .optional()
      .describe('kubernetes: pods created above the desired count during the update (RollingUpdate maxSurge).'),
    'max-unavailable': podsSchema
      .optional()
      .describe('kubernetes: pods that may be unavailable during the update (RollingUpdate maxUnavailable).'),
    'drain-timeout': drainTimeout,
    hooks: z
      .strictObject(
        {
          before: hookSchema.describe(
            'Runs on the runner before each host changes (DEPLOY_HOST is set), e.g. to take it out of a load balancer.',
          ),
          after: hookSchema.describe(
            'Runs on the runner after each host changed or was reverted, e.g. to put it back.',
          ),
        },
        expected('a map with before: and/or after:'),
      )
      .default({}),
  })
  .describe(
    'Update the target in batches (ssh-compose: its hosts; kubernetes: its pods); a failure reverts what was updated.',
  );

const ratioIs = expected('a ratio from 0 to 1 such as 0.01, or a percentage such as 1%');
const ratio = z.union(
  [z.number(ratioIs).min(0, ratioIs).max(1, ratioIs), z.string(ratioIs).regex(/^\d+(?:\.\d+)?%$/, ratioIs)],
  ratioIs,
);

const metricQuery = z
  .string(expected('a PromQL query'))
  .regex(/\S/, expected('a PromQL query'))
  .regex(ONE_LINE, expected('a PromQL query on one line'))
  .optional();

const analysisSchema = z
  .strictObject(
    {
      prometheus: z
        .url({ protocol: /^https?$/, ...expected('the Prometheus server’s http(s) URL') })
        .optional()
        .describe('The Prometheus server to query, e.g. http://prometheus:9090. Needed for metrics.'),
      selector: z
        .string(expected('label matchers such as job="api-canary"'))
        .regex(ONE_LINE, expected('label matchers such as job="api-canary"'))
        .default('')
        .describe('Label matchers that pick the canary’s series in the default queries, e.g. job="api-canary".'),
      window: z
        .string(expected('a PromQL duration such as 1m'))
        .regex(/^\d+(?:ms|s|m|h)$/, expected('a PromQL duration such as 1m'))
        .default('1m')
        .describe('The range the default queries look back over.'),
      metrics: z
        .strictObject(
          {
            'error-ratio': z
              .strictObject({ max: ratio.describe('The largest acceptable share of 5xx answers.'), query: metricQuery })
              .optional(),
            'p95-latency': z
              .strictObject({
                max: z
                  .string(expected('a duration such as 500ms'))
                  .regex(DURATION, expected('a duration such as 500ms'))
                  .describe('The slowest acceptable 95th percentile.'),
                query: metricQuery.describe('PromQL giving seconds. Default: from http_request_duration_seconds.'),
              })
              .optional(),
          },
          expected('a map with error-ratio: and/or p95-latency:'),
        )
        .default({}),
      health: z
        .boolean(expected('true or false'))
        .default(true)
        .describe('Also health-check the canary itself with the service’s health settings.'),
      count: z
        .int(expected('a whole number from 1 to 100'))
        .min(1, expected('a whole number from 1 to 100'))
        .max(100, expected('a whole number from 1 to 100'))
        .default(1)
        .describe('Measurements per step.'),
      interval: duration('30s', 'Wait between measurements of one step.'),
      timeout: duration('10s', 'Time allowed for each Prometheus request.'),
    },
    expected('a map of analysis settings'),
  )
  .describe('How each canary step is judged.');

const stepsIs = expected('a list of traffic weights from 1 to 100, e.g. [10, 50, 100]');
const weightIs = expected('a traffic weight from 1 to 100');
const stepsSchema = z
  .array(z.int(weightIs).min(1, weightIs).max(100, weightIs), stepsIs)
  .min(1, stepsIs)
  .superRefine((steps, ctx) => {
    steps.forEach((weight, i) => {
      if (i > 0 && weight <= steps[i - 1]!) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `expected weights that grow: ${weight} comes after ${steps[i - 1]}`,
        });
      }
    });
    if (steps.at(-1) !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: [steps.length - 1],
        message: 'expected the last step to be 100, so the canary is promoted',
      });
    }
  })
  .default([10, 50, 100]);

const canarySchema = z
  .strictObject({
    kind: z.literal('canary'),
    proxy: proxySchema.optional(),
    route: z
      .string(expected('the name of an HTTPRoute of the manifests, e.g. shop'))
      .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, expected('the name of an HTTPRoute of the manifests, e.g. shop'))
      .optional()
      .describe('kubernetes: the Gateway API HTTPRoute of the manifests whose backendRefs weights deploy-kit sets.'),
    steps: stepsSchema.describe('Traffic weights in percent, growing, ending at 100.'),
    pause: duration('1m', 'Wait at each step before its analysis.'),
    'failure-limit': z
      .int(expected('a whole number from 0 to 100'))
      .min(0, expected('a whole number from 0 to 100'))
      .max(100, expected('a whole number from 0 to 100'))
      .default(0)
      .describe('Failed measurements tolerated per step; one more aborts (as Argo Rollouts’ failureLimit).'),
    'on-inconclusive': z
      .enum(['fail', 'promote'], expected('fail or promote'))
      .default('fail')
      .describe('What a step with no data does: fail aborts, promote goes on. Reported as inconclusive either way.'),
    analysis: analysisSchema.prefault({}),
    'drain-timeout': drainTimeout,
  })
  .describe('Shift traffic to the new release in steps, analysing each; abort sends it all back.');

export const STRATEGY_KINDS = ['recreate', 'blue-green', 'rolling', 'canary'] as const;

/** `strategy:` of an environment; absent means recreate (today’s behaviour). */
export const strategySchema = z
  .discriminatedUnion(
    'kind',
    [recreateSchema, blueGreenSchema, rollingSchema, canarySchema],
    expected(`kind: ${STRATEGY_KINDS.join(', ')}`),
  )
  .prefault({ kind: 'recreate' })
  .describe('How a release replaces the running one.');

export type StrategyEntry = z.output<typeof strategySchema>;
export type StrategyKind = StrategyEntry['kind'];
export type ProxyEntry = z.output<typeof proxySchema>;
export type CanaryEntry = Extract<StrategyEntry, { kind: 'canary' }>;
export type RollingEntry = Extract<StrategyEntry, { kind: 'rolling' }>;
export type BlueGreenEntry = Extract<StrategyEntry, { kind: 'blue-green' }>;
export type AnalysisEntry = CanaryEntry['analysis'];
