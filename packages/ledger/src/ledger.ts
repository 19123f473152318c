import { describeGitHubError, mayHaveBeenApplied, type GitHubClient } from '@deploy-kit/github';
import { createDeploymentOnce } from './create-deployment';
import { fitDescription } from './description';
import { FinalStatusError, sleep, statusRetryDelayMs, waitAtMost } from './final-status';
import {
  isLedgerRecord,
  readPayload,
  serviceSetKey,
  matchesVersionOrDigest,
  toRecord,
  wasSuccessful,
  type GitHubDeployment,
  type GitHubDeploymentStatus,
  type LoadedDeployment,
} from './records';
import type {
  DeploymentRecord,
  DeploymentState,
  FinalStatusOptions,
  LedgerOptions,
  RepoRef,
  StartRequest,
} from './types';

const PAGE = 30;
const PENDING_STATES: readonly (DeploymentState | undefined)[] = ['in_progress', 'queued', 'pending'];
const DAY_MS = 24 * 60 * 60 * 1000;

type StatusDetails = { environmentUrl?: string | undefined; description?: string | undefined };

/**
 * The in_progress writes of a deployment this ledger started (the start's, then each progress
 * report's), sent in the background one after another on the `done` chain.
 */
interface StartedWrite {
  done: Promise<void>;
  /** Set once the final status is on its way: no further in_progress attempt may follow it. */
  superseded: boolean;
  /** The newest progress description not sent yet; a newer report replaces it (only the newest is worth sending). */
  pending: string | undefined;
  /** Whether a send of `pending` is already on the chain, so a newer report need not queue another. */
  queued: boolean;
  environmentUrl: string | undefined;
}

/**
 * The record of what ran where, kept in GitHub's Deployments API: one
 * deployment per deploy or rollback, `in_progress` while it runs, then
 * `success` or `failure`; after a success, the environment's earlier
 * successful deployments are marked `inactive`, so exactly one is current.
 */
export class DeploymentLedger {
  private readonly log: (line: string) => void;
  private readonly scanLimit: number;
  private readonly inProgressWindowMs: number;
  /** The environment and service set of each deployment this ledger started, so succeed() need not ask GitHub. */
  private readonly environments = new Map<number, { environment: string; serviceSet: string }>();
  private readonly startedWrites = new Map<number, StartedWrite>();
  /** Writes nothing waits for (in_progress, deactivations), until flush(). */
  private readonly background = new Set<Promise<void>>();
  private readonly finalStatusBudgetMs: number;
  private readonly startStatusBudgetMs: number;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repo: RepoRef,
    private readonly options: LedgerOptions = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.scanLimit = options.scanLimit ?? 100;
    this.inProgressWindowMs = options.inProgressWindowMs ?? DAY_MS;
    this.finalStatusBudgetMs = options.finalStatusBudgetMs ?? 45_000;
    this.startStatusBudgetMs = options.startStatusBudgetMs ?? 15_000;
  }

  /**
   * Creates the deployment (awaited: nothing is deployed unless it is
   * recorded) and sends its `in_progress` status in the background: GitHub
   * asks for writes a second apart, and the rollout need not wait for that.
   * succeed() and fail() wait for it first, so the order GitHub shows stays
   * in_progress -> final; flush() waits for it too.
   */
  async start(request: StartRequest): Promise<DeploymentRecord> {
    const deployment = await createDeploymentOnce(this.octokit, this.repo, request, this.log);
    this.environments.set(deployment.id, {
      environment: deployment.environment,
      serviceSet: serviceSetKey(request.payload.services),
    });
    this.log(
      `Recorded deployment ${deployment.id} (${request.task} ${request.payload.version} to ${request.environment})`,
    );
    const started: StartedWrite = {
      done: Promise.resolve(),
      superseded: false,
      pending: undefined,
      queued: false,
      environmentUrl: request.environmentUrl,
    };
    const details = { environmentUrl: request.environmentUrl, description: request.description };
    started.done = this.writeStatus(deployment.id, 'in_progress', details, {
      deadline: Date.now() + this.startStatusBudgetMs,
      wanted: () => !started.superseded,
    }).catch((error: unknown) => {
      // Not fatal: the final status still says how it ended, and that one is awaited and reported.
      this.log(`Could not mark deployment ${deployment.id} as in progress: ${(error as Error).message.split('\n')[0]}`);
    });
    this.startedWrites.set(deployment.id, started);
    this.inBackground(started.done);
    const record = toRecord(deployment, []).record;
    record.state = 'in_progress';
    if (request.environmentUrl) record.environmentUrl = request.environmentUrl;
    if (this.options.logUrl) record.logUrl = this.options.logUrl;
    return record;
  }

  /**
   * Reports how a running deployment is doing (e.g. `Deploy v2: rolling: b updated (2 of 3
   * hosts)`) as another `in_progress` status, cut to GitHub's 140 characters. Returns at once:
   * the write goes in the background, after the start's in_progress and any earlier report, so
   * GitHub shows them in order; reports that come faster than GitHub takes writes (a second
   * apart) are coalesced to the newest. Once succeed() or fail() is called, a report not sent
   * yet is dropped and later ones are ignored: nothing in_progress ever follows the outcome. A
   * write GitHub will not take (retried within startStatusBudgetMs) is logged, never thrown.
   */
  progress(id: number, description: string): void {
    const started = this.startedWrites.get(id) ?? this.laneFor(id);
    if (started.superseded) return;
    started.pending = fitDescription(description);
    if (started.queued) return;
    started.queued = true;
    started.done = started.done.then(() => this.sendProgress(id, started));
    this.inBackground(started.done);
  }

  /**
   * Writes `success` (retried with backoff for up to finalStatusBudgetMs;
   * a FinalStatusError naming the deployment when GitHub never takes it),
   * then marks the earlier successful deployments inactive in the
   * background: nothing after a success needs that, flush() waits for it.
   */
  async succeed(
    id: number,
    details: { environmentUrl?: string; description?: string } = {},
    options: FinalStatusOptions = {},
  ): Promise<void> {
    await this.writeFinal(id, 'success', details, options);
    this.inBackground(
      this.deactivateEarlier(id).catch((error: unknown) => {
        // The deploy is recorded as a success; a stale earlier `success` only
        // clutters GitHub's view (queries take the newest), so this is not fatal.
        this.log(`Could not mark earlier deployments inactive: ${(error as Error).message.split('\n')[0]}`);
      }),
    );
  }

  /** Writes `failure`, with the same retries and FinalStatusError as succeed(). */
  async fail(id: number, details: { description?: string } = {}, options: FinalStatusOptions = {}): Promise<void> {
    await this.writeFinal(id, 'failure', details, options);
  }

  /** Waits for every write still in the background (each one bounded by its own retry budget). */
  async flush(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /*
   * `serviceSet` (serviceSetKey: `api,frontend`; an older single-image record is `app`) limits a
   * query to the releases of that service set: another set's deployments in the same environment
   * say nothing about what this set runs.
   */
  async current(environment: string, serviceSet?: string): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(environment, () => true, { serviceSet }))
      if (loaded.record.state === 'success') return loaded.record;
    return undefined;
  }

  async lastSuccessfulBefore(
    environment: string,
    deploymentId: number,
    serviceSet?: string,
  ): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(environment, (d) => d.id < deploymentId, { serviceSet }))
      if (wasSuccessful(loaded)) return loaded.record;
    return undefined;
  }

  /**
   * Every running deployment, deploy-kit's or not: any of them means someone
   * else is deploying. Only recent deployments can still be running, so only
   * those are read (one status request each): the newest page (30), and of
   * those only the ones created within `inProgressWindowMs` (default 24 h;
   * a job on a GitHub-hosted runner ends within 6 h). An older deployment
   * still shown in progress is a stale record left by a crashed tool, not a
   * deploy that is running now.
   */
  async inProgress(environment: string): Promise<DeploymentRecord[]> {
    const since = Date.now() - this.inProgressWindowMs;
    const found: DeploymentRecord[] = [];
    const recent = this.scan(environment, () => true, {
      anyTool: true,
      limit: PAGE,
      until: (d) => Date.parse(d.created_at) < since,
    });
    for await (const loaded of recent) if (PENDING_STATES.includes(loaded.record.state)) found.push(loaded.record);
    return found;
  }

  async history(environment: string, limit = 10, serviceSet?: string): Promise<DeploymentRecord[]> {
    const found: DeploymentRecord[] = [];
    for await (const loaded of this.scan(environment, () => true, { serviceSet })) {
      if (found.length >= limit) break;
      found.push(loaded.record);
    }
    return found;
  }

  /**
   * The newest deployment of that version or digest, whatever it ended as
   * (statuses are read for that one only).
   */
  async latestOf(
    environment: string,
    versionOrDigest: string,
    serviceSet?: string,
  ): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(
      environment,
      (d) => matchesVersionOrDigest(toRecord(d, []).record.payload, versionOrDigest),
      { serviceSet },
    ))
      return loaded.record;
    return undefined;
  }

  async findSuccessful(
    environment: string,
    versionOrDigest: string,
    serviceSet?: string,
  ): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(
      environment,
      (d) => matchesVersionOrDigest(toRecord(d, []).record.payload, versionOrDigest),
      { serviceSet },
    )) {
      if (wasSuccessful(loaded)) return loaded.record;
    }
    return undefined;
  }

  /** Sends the newest pending report, unless the final status has taken over meanwhile. */
  private async sendProgress(id: number, started: StartedWrite): Promise<void> {
    started.queued = false;
    const description = started.pending;
    started.pending = undefined;
    if (description === undefined || started.superseded) return;
    await this.writeStatus(
      id,
      'in_progress',
      { environmentUrl: started.environmentUrl, description },
      { deadline: Date.now() + this.startStatusBudgetMs, wanted: () => !started.superseded },
    ).catch((error: unknown) => {
      // Not fatal: progress is for people watching; the final status still says how it ended.
      this.log(`Could not write progress for deployment ${id}: ${(error as Error).message.split('\n')[0]}`);
    });
  }

  /** The write chain of a deployment another ledger started (a re-run with its id): progress starts it. */
  private laneFor(id: number): StartedWrite {
    const started: StartedWrite = {
      done: Promise.resolve(),
      superseded: false,
      pending: undefined,
      queued: false,
      environmentUrl: undefined,
    };
    this.startedWrites.set(id, started);
    return started;
  }

  /**
   * A final status, after the deployment's in_progress write has ended (or
   * the budget ran out waiting for it), so GitHub never shows in_progress
   * after the outcome.
   */
  private async writeFinal(
    id: number,
    state: 'success' | 'failure',
    details: StatusDetails,
    options: FinalStatusOptions,
  ): Promise<void> {
    const deadline = Date.now() + (options.budgetMs ?? this.finalStatusBudgetMs);
    const started = this.startedWrites.get(id);
    if (started) {
      started.superseded = true;
      await waitAtMost(started.done, Math.max(0, deadline - Date.now()));
    }
    try {
      await this.writeStatus(id, state, details, { deadline });
    } catch (error) {
      throw new FinalStatusError(id, state, (error as Error).message, { cause: error });
    }
  }

  /**
   * One status write, retried here (not by the client) on a 5xx or a lost
   * answer with a growing pause until `deadline`; a repeated status is
   * harmless. `auto_inactive` is off because GitHub applies it only to
   * non-production environments: the ledger deactivates earlier deployments
   * itself, the same way for every environment.
   */
  private async writeStatus(
    id: number,
    state: DeploymentState,
    details: StatusDetails,
    limits: { deadline: number; wanted?: () => boolean },
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.octokit.rest.repos.createDeploymentStatus({
          ...this.repo,
          deployment_id: id,
          state,
          auto_inactive: false,
          ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
          ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
          ...(details.description ? { description: fitDescription(details.description) } : {}),
          request: { retries: 0 },
        });
        this.log(`Deployment ${id}: ${state}`);
        return;
      } catch (error) {
        const wait = statusRetryDelayMs(attempt);
        const why = `${describeGitHubError(error)}, ${attempt} attempt(s)`;
        const stillWanted = () => !limits.wanted || limits.wanted();
        if (!mayHaveBeenApplied(error) || Date.now() + wait > limits.deadline || !stillWanted())
          throw new Error(why, { cause: error });
        this.log(`Writing ${state} for deployment ${id} failed (${why}); trying again in ${wait / 1000}s`);
        await sleep(wait);
        if (!stillWanted()) throw new Error(`${why}; the final status is being written instead`, { cause: error });
      }
    }
  }

  private inBackground(work: Promise<void>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /**
   * Marks the previously current deployment(s) inactive. Every success did
   * this for the ones before it, so going back from the newest: each
   * deployment still `success` is deactivated, and the first one that once
   * succeeded but no longer is current (`inactive`, or `failure` after a
   * rollback) was superseded already, together with everything older: the
   * walk stops there. It also stops after one page (30): a stale `success`
   * further back (a deactivation that failed long ago) only clutters
   * GitHub's view, since queries take the newest success.
   */
  private async deactivateEarlier(id: number): Promise<void> {
    const { environment, serviceSet } = this.environments.get(id) ?? (await this.locate(id));
    for await (const loaded of this.scan(environment, (d) => d.id < id, { limit: PAGE, serviceSet })) {
      if (loaded.record.state === 'success')
        await this.writeStatus(
          loaded.record.id,
          'inactive',
          { description: `Superseded by deployment ${id}` },
          { deadline: Date.now() + this.startStatusBudgetMs },
        );
      else if (loaded.history.includes('success')) return;
    }
  }

  /**
   * The environment's deployments, newest first, each with its statuses
   * (one request per deployment yielded); bounded by `limit` (default
   * scanLimit) deployments listed, and ends at the first one `until` accepts.
   * Only deploy-kit's own records (a payload with a digest) unless `anyTool`:
   * GitHub records a deployment with an empty payload for every job with
   * `environment:`, and it says nothing about which image runs.
   */
  private async *scan(
    environment: string,
    keep: (d: GitHubDeployment) => boolean = () => true,
    options: {
      anyTool?: boolean;
      limit?: number;
      until?: (d: GitHubDeployment) => boolean;
      serviceSet?: string | undefined;
    } = {},
  ): AsyncGenerator<LoadedDeployment> {
    const limit = Math.min(options.limit ?? this.scanLimit, this.scanLimit);
    let seen = 0;
    for (let page = 1; seen < limit; page++) {
      const { data } = await this.octokit.rest.repos.listDeployments({
        ...this.repo,
        environment,
        per_page: Math.min(PAGE, limit),
        page,
      });
      const deployments = data as GitHubDeployment[];
      for (const deployment of deployments) {
        if (++seen > limit || options.until?.(deployment)) return;
        if (!keep(deployment) || !(options.anyTool || isLedgerRecord(deployment))) continue;
        if (options.serviceSet !== undefined && !inServiceSet(deployment, options.serviceSet)) continue;
        yield toRecord(deployment, await this.statuses(deployment.id));
      }
      if (deployments.length < Math.min(PAGE, limit)) return;
    }
  }

  private async locate(id: number): Promise<{ environment: string; serviceSet: string }> {
    const { data } = await this.octokit.rest.repos.getDeployment({ ...this.repo, deployment_id: id });
    return { environment: data.environment, serviceSet: serviceSetKey(readPayload(data.payload).services) };
  }

  private async statuses(id: number): Promise<GitHubDeploymentStatus[]> {
    const { data } = await this.octokit.rest.repos.listDeploymentStatuses({
      ...this.repo,
      deployment_id: id,
      per_page: 100,
    });
    return data as GitHubDeploymentStatus[];
  }
}

function inServiceSet(deployment: GitHubDeployment, serviceSet: string): boolean {
  return serviceSetKey(readPayload(deployment.payload).services) === serviceSet;
}
