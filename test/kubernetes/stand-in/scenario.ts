/**
 * What the stand-in API server does, per test. Behaviours are chosen per image reference, so a
 * "broken release rolled back" test deploys one digest that crash-loops and one that is healthy.
 */
export type PodBehaviour =
  'healthy' | 'slow-start' | 'image-pull-failure' | 'crash-loop' | 'unschedulable' | 'readiness-failure';

/** A scripted answer for the next `times` requests that match. */
export interface Fault {
  method?: string;
  /** Matched against the path (without query). */
  path: RegExp;
  status: 409 | 429 | 500 | 503;
  times: number;
  /** For 429: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
}

export interface Permission {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

export interface Scenario {
  /** Bearer token the server accepts; requests without it get 401. */
  token: string;
  /** Namespaces that exist. */
  namespaces: string[];
  /** Pod behaviour per image reference (exact `image` string); default `healthy`. */
  behaviours: Record<string, PodBehaviour>;
  /** Milliseconds between controller steps (one replica becomes ready per step). */
  stepMs: number;
  /** Steps a `slow-start` pod needs before it is ready. */
  slowStartSteps: number;
  /** Steps after which a rollout that has not completed reports ProgressDeadlineExceeded. */
  progressDeadlineSteps: number;
  /** Log lines of a crash-looping container (its previous run). */
  crashLogLines: string[];
  /** Permissions the caller lacks (SelfSubjectAccessReview answers not allowed, the verb answers 403). */
  denied: Permission[];
  faults: Fault[];
  /** Each watch is closed by the server after this many events (undefined: watches stay open). */
  watchDropAfterEvents?: number;
}

export function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    token: 'stand-in-token',
    namespaces: ['default', 'shop'],
    behaviours: {},
    stepMs: 25,
    slowStartSteps: 8,
    progressDeadlineSteps: 12,
    crashLogLines: ['starting shop api', 'Error: DATABASE_URL is not set', 'exiting with code 1'],
    denied: [],
    faults: [],
    ...overrides,
  };
}
