import { UserError } from '@deploy-kit/action-kit';
import type { CurrentOutcome, KubernetesOutcome } from '@deploy-kit/kubernetes';
import { UnhealthyRolloutError } from '../unhealthy-rollout-error';

/** The settings a message may name, as the user wrote them (an input, or the config file's key). */
export type SettingName = (setting: 'kubeconfig' | 'manifests' | 'namespace') => string;

/** Log lines of a crash loop carried into the one-line error; the rest are in the log's warnings. */
const LOG_LINES_IN_ERROR = 5;

type Failure =
  Exclude<KubernetesOutcome, { kind: 'deployed' }> | Exclude<CurrentOutcome, { kind: 'running' } | { kind: 'absent' }>;

/**
 * A tagged outcome as the error the action shows in its one `::error::` line and the summary:
 * invalid manifests name the file, document and field; forbidden names each missing permission;
 * an unhealthy rollout says why (ImagePullBackOff, CrashLoopBackOff with its last log lines,
 * Unschedulable, a failing readiness probe). Everything here is the user's to fix.
 */
export function outcomeError(outcome: Failure, settingName: SettingName): UserError {
  switch (outcome.kind) {
    case 'invalid':
      return new UserError(`${settingName('manifests')}: ${outcome.problems.join('; ')}`);
    case 'bad-kubeconfig':
      return new UserError(`${settingName('kubeconfig')}: ${oneLine(outcome.message)}`);
    case 'forbidden':
      // The library's message names every missing permission (`may not patch deployments.apps ...`).
      return new UserError(`Nothing was applied: ${oneLine(outcome.message)}`);
    case 'api-error':
      return new UserError(
        `Kubernetes API answered ${outcome.status} (${outcome.reason}): ${oneLine(outcome.message)}`,
      );
    case 'unhealthy': {
      // One crashed pod's last lines are enough to say why; every pod's are in the log's warnings.
      const crashed = outcome.diagnoses.find((d) => d.logTail && d.logTail.length > 0);
      const logs = crashed
        ? ` Last log lines of ${crashed.pod}: ${oneLine((crashed.logTail ?? []).slice(-LOG_LINES_IN_ERROR).join(' | '))}.`
        : '';
      const what = outcome.why === 'timeout' ? 'did not finish rolling out in time' : 'failed to roll out';
      // The release went out and is not healthy there: rollback-on: unhealthy rolls it back.
      return new UnhealthyRolloutError(`deployment/${outcome.deployment} ${what}: ${oneLine(outcome.message)}.${logs}`);
    }
    case 'canary-aborted': {
      // The library's message names the step, its weight, the failed metric or health check, and the restore.
      const message = oneLine(outcome.message);
      return new UserError(`${message.charAt(0).toUpperCase()}${message.slice(1)}`);
    }
  }
  // Every kind is handled above: a kind the library adds later fails the type check here instead
  // of reaching the user through a guessed message.
  const unhandled: never = outcome;
  throw new Error(`unhandled Kubernetes outcome ${JSON.stringify(unhandled)}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
