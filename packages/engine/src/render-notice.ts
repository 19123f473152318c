import { rolloutLine } from '@deploy-kit/targets';
import { failureVerb, type ReleaseFacts, type ReleaseOutcome } from './outcome';
import { stripStop } from './render-error';

/** The notification an outcome sends: a status every channel knows (`@deploy-kit/notify`'s DeployStatus). */
export interface OutcomeNotice {
  status: 'success' | 'failure' | 'rolled-back';
  /** The version the message is about: the one now running after a rollback. */
  version?: string;
  /** One line on what happened, added under the user's `message`. Never holds secrets or raw errors. */
  detail?: string;
}

/**
 * What the channels are told about how a release ended. A refused or failed
 * release is a `failure` (so PagerDuty pages), and so is a cancelled one: the
 * environment may be half way, and nobody rolled it back.
 */
export function outcomeNotice(outcome: ReleaseOutcome): OutcomeNotice {
  const env = outcome.environment;
  switch (outcome.kind) {
    case 'deployed': {
      const hosts = hostsLine(outcome.facts);
      return { status: 'success', version: outcome.facts.version, ...(hosts ? { detail: hosts } : {}) };
    }
    case 'already-running':
      return {
        status: 'success',
        version: outcome.facts.version,
        detail: `${env} already runs ${outcome.facts.version}; nothing was deployed.`,
      };
    case 'refused':
      return { status: 'failure', ...version(outcome.version), detail: refusedDetail(outcome) };
    case 'rolled-back': {
      const to = outcome.facts.version;
      const { after } = outcome;
      const why = after ? `${after.version ?? 'The release'} ${failureVerb(after)}; ` : '';
      // The failed deploy's hosts first (how far it got), then the rollback's own.
      const hosts = `${hostsLine(after?.facts, ' ')}${hostsLine(outcome.facts, ' ')}`;
      return { status: 'rolled-back', version: to, detail: `${why}${env} was rolled back to ${to}.${hosts}` };
    }
    case 'rollback-failed': {
      const { after } = outcome;
      return {
        status: 'failure',
        ...version(after.version),
        detail: `${after.version ?? 'The release'} ${failureVerb(after)}. The automatic rollback failed too.${hostsLine(after.facts, ' ')}${hostsLine(outcome.rollback.facts, ' ')}`,
      };
    }
    case 'cancelled': {
      const what = outcome.task === 'rollback' ? 'rolling back to' : 'deploying';
      return {
        status: 'failure',
        ...version(outcome.version),
        detail: `The job was cancelled while ${what} ${outcome.version ?? 'the release'}; it was not rolled back.`,
      };
    }
    case 'failed': {
      const { rollback } = outcome;
      let after = '';
      if (rollback?.kind === 'not-needed') after = ` No rollback was needed: ${env} still runs the last good release.`;
      else if (rollback) after = ` Not rolled back: ${rollback.reason}.`;
      return {
        status: 'failure',
        ...version(outcome.version),
        detail: `${outcome.version ?? 'The release'} ${failureVerb(outcome)}.${after}${hostsLine(outcome.facts, ' ')}`,
      };
    }
  }
}

function refusedDetail(outcome: Extract<ReleaseOutcome, { kind: 'refused' }>): string {
  const { checks } = outcome;
  if (outcome.stage === 'inputs') return `Refused: ${stripStop(outcome.error.message)}; nothing was deployed.`;
  if (!checks) return 'The pre-deploy checks could not run; nothing was deployed.';
  return `Refused by pre-deploy checks (${checks.map((f) => f.check).join(', ')}); nothing was deployed.`;
}

/** How a rollout went, in one line (`Hosts (rolling): a rolled back, ...`, `Canary on app1: 10% ✓, 50% ✗ ..., aborted.`), or ''. */
function hostsLine(facts: ReleaseFacts | undefined, before = ''): string {
  return facts?.rollout ? `${before}${rolloutLine(facts.rollout)}` : '';
}

function version(value: string | undefined): { version?: string } {
  return value ? { version: value } : {};
}
