import { sendNotifications, type DeployEvent, type NotifyResult } from '@deploy-kit/notify';
import type { PreparedPipeline } from './prepare';
import type { Notice } from './state';

/** The event every channel reports: the notice plus who, where and which run. */
export function eventFor(prepared: PreparedPipeline, notice: Notice): DeployEvent {
  const { inputs, release } = prepared;
  const context = release.context;
  const message = [inputs.message, notice.detail].filter(Boolean).join('\n\n');
  return {
    status: notice.status,
    environment: inputs.environment,
    // An explicit `production` (input or config file) decides what PagerDuty pages critical; `auto` leaves it to the name, as the checks do.
    ...(prepared.checks.production !== 'auto' ? { production: prepared.production } : {}),
    ...(notice.version ? { version: notice.version } : {}),
    ...(release.deps.environmentUrl ? { environmentUrl: release.deps.environmentUrl } : {}),
    ...(message ? { message } : {}),
    repository: context.repository,
    sha: context.sha,
    actor: context.actor,
    runUrl: context.runUrl,
    serverUrl: context.serverUrl,
  };
}

/** Sends one notice to every configured channel; never throws (failures are in the result). */
export async function sendNotice(prepared: PreparedPipeline, notice: Notice): Promise<NotifyResult> {
  return sendNotifications(prepared.channels, eventFor(prepared, notice), {
    timeoutMs: prepared.inputs['notify-timeout'],
  });
}
