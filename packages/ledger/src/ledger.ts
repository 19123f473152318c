import type { GitHubClient } from '@deploy-kit/github';
import { createDeploymentOnce } from './create-deployment';
import {
  isLedgerRecord,
  matchesVersionOrDigest,
  toRecord,
  wasSuccessful,
  type GitHubDeployment,
  type GitHubDeploymentStatus,
  type LoadedDeployment,
} from './records';
import type { DeploymentRecord, DeploymentState, LedgerOptions, RepoRef, StartRequest } from './types';

const PAGE = 30;
const PENDING_STATES: readonly (DeploymentState | undefined)[] = ['in_progress', 'queued', 'pending'];

/**
 * The record of what ran where, kept in GitHub's Deployments API: one
 * deployment per deploy or rollback, `in_progress` while it runs, then
 * `success` or `failure`; after a success, the environment's earlier
 * successful deployments are marked `inactive`, so exactly one is current.
 */
export class DeploymentLedger {
  private readonly log: (line: string) => void;
  private readonly scanLimit: number;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repo: RepoRef,
    private readonly options: LedgerOptions = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.scanLimit = options.scanLimit ?? 100;
  }

  async start(request: StartRequest): Promise<DeploymentRecord> {
    const deployment = await createDeploymentOnce(this.octokit, this.repo, request, this.log);
    this.log(
      `Recorded deployment ${deployment.id} (${request.task} ${request.payload.version} to ${request.environment})`,
    );
    try {
      await this.setStatus(deployment.id, 'in_progress', {
        environmentUrl: request.environmentUrl,
        description: request.description,
      });
    } catch (error) {
      // A deployment never shown as started must still not be left without an outcome.
      await this.fail(deployment.id, { description: 'Could not mark the deployment as started' }).catch(
        () => undefined,
      );
      throw error;
    }
    const record = toRecord(deployment, []).record;
    record.state = 'in_progress';
    if (request.environmentUrl) record.environmentUrl = request.environmentUrl;
    if (this.options.logUrl) record.logUrl = this.options.logUrl;
    return record;
  }

  async succeed(id: number, details: { environmentUrl?: string; description?: string } = {}): Promise<void> {
    await this.setStatus(id, 'success', details);
    try {
      await this.deactivateEarlier(id);
    } catch (error) {
      // The deploy is recorded as a success; a stale earlier `success` only
      // clutters GitHub's view (queries take the newest), so this is not fatal.
      this.log(`Could not mark earlier deployments inactive: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  async fail(id: number, details: { description?: string } = {}): Promise<void> {
    await this.setStatus(id, 'failure', details);
  }

  async current(environment: string): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(environment)) if (loaded.record.state === 'success') return loaded.record;
    return undefined;
  }

  async lastSuccessfulBefore(environment: string, deploymentId: number): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(environment, (d) => d.id < deploymentId))
      if (wasSuccessful(loaded)) return loaded.record;
    return undefined;
  }

  /** Every running deployment, deploy-kit's or not: any of them means someone else is deploying. */
  async inProgress(environment: string): Promise<DeploymentRecord[]> {
    const found: DeploymentRecord[] = [];
    for await (const loaded of this.scan(environment, () => true, { anyTool: true }))
      if (PENDING_STATES.includes(loaded.record.state)) found.push(loaded.record);
    return found;
  }

  async history(environment: string, limit = 10): Promise<DeploymentRecord[]> {
    const found: DeploymentRecord[] = [];
    for await (const loaded of this.scan(environment)) {
      if (found.length >= limit) break;
      found.push(loaded.record);
    }
    return found;
  }

  async findSuccessful(environment: string, versionOrDigest: string): Promise<DeploymentRecord | undefined> {
    for await (const loaded of this.scan(environment, (d) =>
      matchesVersionOrDigest(toRecord(d, []).record.payload, versionOrDigest),
    )) {
      if (wasSuccessful(loaded)) return loaded.record;
    }
    return undefined;
  }

  /**
   * Status writes are retried by the client (a repeated status is harmless);
   * `auto_inactive` is off because GitHub applies it only to non-production
   * environments: the ledger deactivates earlier deployments itself, the same
   * way for every environment.
   */
  private async setStatus(
    id: number,
    state: DeploymentState,
    details: { environmentUrl?: string | undefined; description?: string | undefined },
  ): Promise<void> {
    await this.octokit.rest.repos.createDeploymentStatus({
      ...this.repo,
      deployment_id: id,
      state,
      auto_inactive: false,
      ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
      ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
      ...(details.description ? { description: details.description.slice(0, 140) } : {}),
    });
    this.log(`Deployment ${id}: ${state}`);
  }

  private async deactivateEarlier(id: number): Promise<void> {
    const { data } = await this.octokit.rest.repos.getDeployment({ ...this.repo, deployment_id: id });
    for await (const loaded of this.scan(data.environment, (d) => d.id < id)) {
      if (loaded.record.state === 'success')
        await this.setStatus(loaded.record.id, 'inactive', { description: `Superseded by deployment ${id}` });
    }
  }

  /**
   * The environment's deployments, newest first, each with its statuses;
   * bounded by scanLimit. Only deploy-kit's own records (a payload with a
   * digest) unless `anyTool`: GitHub records a deployment with an empty
   * payload for every job with `environment:`, and it says nothing about
   * which image runs.
   */
  private async *scan(
    environment: string,
    keep: (d: GitHubDeployment) => boolean = () => true,
    options: { anyTool?: boolean } = {},
  ): AsyncGenerator<LoadedDeployment> {
    let seen = 0;
    for (let page = 1; seen < this.scanLimit; page++) {
      const { data } = await this.octokit.rest.repos.listDeployments({
        ...this.repo,
        environment,
        per_page: PAGE,
        page,
      });
      const deployments = data as GitHubDeployment[];
      for (const deployment of deployments) {
        if (++seen > this.scanLimit) return;
        if (!keep(deployment) || !(options.anyTool || isLedgerRecord(deployment))) continue;
        yield toRecord(deployment, await this.statuses(deployment.id));
      }
      if (deployments.length < PAGE) return;
    }
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
