import { UserError } from '@deploy-kit/action-kit';
import type { KubeLog, KubernetesStrategy, Runtime } from '@deploy-kit/kubernetes';
import { parseWorkloads } from '@deploy-kit/kubernetes/workloads';
import { kubernetesLibrary } from './library';
import type { ProxyRolloutReport } from '../blue-green/rollout-report';
import { RolloutFailedError } from '../multi-host/rollout-failed-error';
import type { DeployRequest, DeployTarget, RunningRelease, ServiceSlot, TargetLog } from '../types';
import { canaryStepLine } from '../canary/step-line';
import { canaryReport } from './canary-report';
import { outcomeError, type SettingName } from './outcome-error';
import { checkManifests } from './check-manifests';
import { rollbackStrategy } from './strategy';

export interface KubernetesTargetOptions {
  /** The kubeconfig's text (a secret: written 0600 under tempRoot by the library, never logged). */
  kubeconfig: string;
  context?: string;
  namespace: string;
  /** Where the kubeconfig file goes: RUNNER_TEMP on a runner. */
  tempRoot?: string;
  /** The manifests folder. */
  manifests: string;
  /** `SERVICE=deployment/NAME:CONTAINER`, one per line (already checked by the caller). */
  workloads: string;
  /**
   * The inputs path: the release has ONE service (the `image` input), and every workload runs its
   * image, whatever the entry's SERVICE. The config path maps each service to its own workload.
   */
  oneImage: boolean;
  strategy: KubernetesStrategy;
  timeoutMs: number;
  forceConflicts: boolean;
  /** How the user wrote each setting, for messages: an input name or the config file's key. */
  settingName: SettingName;
  /** Test seams for the stand-in API server's fast clock; the defaults suit a real cluster. */
  runtime?: Pick<Runtime, 'pollMs' | 'backoffMs' | 'callTimeoutMs'>;
}

/**
 * The Kubernetes target: @deploy-kit/kubernetes behind the engine's DeployTarget. `current` checks
 * the manifests and workloads offline, then reads what each workload runs; `deploy` rolls out the
 * request's digests by server-side apply and waits as `kubectl rollout status` does. A rollback
 * is a deploy of the previous release's digests (the engine's rule), never `rollout undo`.
 */
export class KubernetesTarget implements DeployTarget {
  readonly kind = 'kubernetes';

  constructor(private readonly options: KubernetesTargetOptions) {}

  describe(): string {
    const context = this.options.context ? ` context ${this.options.context}` : '';
    return `kubernetes namespace ${this.options.namespace}${context} (${this.options.strategy.kind}, manifests ${this.options.manifests})`;
  }

  async current(services: readonly ServiceSlot[], log: TargetLog): Promise<RunningRelease | undefined> {
    // Offline first: a manifest, a workload or a service without its Deployment fails before any API call.
    const problems = await checkManifests(this.options, services);
    if (problems.length > 0) throw new UserError(`${this.options.settingName('manifests')}: ${problems.join('; ')}`);
    const { readCurrent, systemClock } = await kubernetesLibrary();
    const outcome = await readCurrent(
      {
        kubeconfig: this.options.kubeconfig,
        ...(this.options.context ? { context: this.options.context } : {}),
        namespace: this.options.namespace,
        ...(this.options.tempRoot ? { tempRoot: this.options.tempRoot } : {}),
        workloads: this.options.workloads,
        strategy: this.options.strategy,
      },
      this.runtime(log, systemClock),
    );
    switch (outcome.kind) {
      case 'absent':
        log.info(
          `Not deployed yet: no ${outcome.missing.map((name) => `deployment/${name}`).join(', ')} in namespace ${this.options.namespace}`,
        );
        return undefined;
      case 'running': {
        const version = outcome.services.find((s) => s.version)?.version;
        if (this.options.oneImage) {
          const [slot] = services;
          const digests = new Set(outcome.services.map((s) => s.digest));
          const first = outcome.services[0];
          if (!slot || !first) return undefined;
          // Every workload runs the one image; a disagreement means nobody can say which runs.
          const digest = digests.size === 1 ? first.digest : undefined;
          return {
            ...(version ? { version } : {}),
            services: [{ service: slot.service, ...(digest ? { digest, imageRef: first.image } : {}) }],
          };
        }
        return {
          ...(version ? { version } : {}),
          services: outcome.services.map((s) => ({
            service: s.service,
            ...(s.digest ? { digest: s.digest, imageRef: s.image } : {}),
          })),
        };
      }
      default:
        throw outcomeError(outcome, this.options.settingName);
    }
  }

  async deploy(request: DeployRequest, log: TargetLog): Promise<ProxyRolloutReport | void> {
    const images = this.imagesFor(request);
    // A rollback goes back in one step: its release is the known good one, and a canary would
    // keep the broken release as the stable side while it is analysed.
    const strategy = request.task === 'rollback' ? rollbackStrategy(this.options.strategy) : this.options.strategy;
    const startedAt = Date.now();
    const { rollOut, systemClock } = await kubernetesLibrary();
    const outcome = await log.group(
      `kubernetes: roll out ${request.version} to namespace ${this.options.namespace}`,
      () =>
        rollOut(
          {
            kubeconfig: this.options.kubeconfig,
            ...(this.options.context ? { context: this.options.context } : {}),
            namespace: this.options.namespace,
            ...(this.options.tempRoot ? { tempRoot: this.options.tempRoot } : {}),
            manifests: this.options.manifests,
            workloads: this.options.workloads,
            release: {
              version: request.version,
              images,
              ...(request.deploymentId !== undefined ? { githubDeploymentId: request.deploymentId } : {}),
            },
            strategy,
            timeoutMs: this.options.timeoutMs,
            forceConflicts: this.options.forceConflicts,
          },
          {
            ...this.runtime(log, systemClock),
            ...(request.progress ? { canaryStep: this.canaryProgress(request.progress) } : {}),
          },
        ),
    );
    const where = `namespace ${this.options.namespace}`;
    switch (outcome.kind) {
      case 'deployed':
        log.info(outcome.message);
        return outcome.canary ? canaryReport(strategy, where, startedAt, outcome.canary) : undefined;
      case 'canary-aborted':
        // The summary's step table comes with the error: the engine keeps a RolloutFailedError's report.
        throw new RolloutFailedError(
          outcomeError(outcome, this.options.settingName).message,
          canaryReport(strategy, where, startedAt, outcome.canary),
        );
      default:
        throw outcomeError(outcome, this.options.settingName);
    }
  }

  /** Service -> `repository@sha256:…` as the library's release names them (each workload's SERVICE). */
  private imagesFor(request: DeployRequest): Record<string, string> {
    if (!this.options.oneImage) {
      return Object.fromEntries(request.services.map((s) => [s.service, s.imageRef]));
    }
    const [only] = request.services;
    if (!only || request.services.length !== 1)
      throw new Error(`the inputs path deploys one image, not ${request.services.length}`);
    const parsed = parseWorkloads(this.options.workloads);
    const services = parsed.kind === 'ok' ? parsed.workloads.map((w) => w.service) : [];
    return Object.fromEntries(services.map((service) => [service, only.imageRef]));
  }

  /** Each canary step as a progress line, e.g. `canary namespace shop: 50% (step 2 of 3), analysis passed`. */
  private canaryProgress(progress: (line: string) => void): NonNullable<Runtime['canaryStep']> {
    const where = `namespace ${this.options.namespace}`;
    return ({ steps, analysis, ...step }) => progress(canaryStepLine(where, step, steps, analysis));
  }

  private runtime(log: TargetLog, clock: Runtime['clock']): Runtime {
    const kubeLog: KubeLog = { info: (line) => log.info(line), warning: (line) => log.warning(line) };
    return { log: kubeLog, signal: new AbortController().signal, clock, ...this.options.runtime };
  }
}
