import * as core from '@actions/core';
import { readInputs, readRunContext, setOutputs, writeSummary } from '@deploy-kit/action-kit';
import {
  channelsFrom,
  notifySecretInputs,
  notifySummarySections,
  reportNotifyResult,
  sendNotifications,
  type DeployEvent,
} from '@deploy-kit/notify';
import { notifyActionFields } from './inputs';

export async function run(): Promise<void> {
  const inputs = readInputs(notifyActionFields, { secrets: notifySecretInputs });
  // Checks the inputs that go together too, so nothing is sent when any is wrong.
  const channels = channelsFrom(inputs);
  const context = readRunContext();
  const event: DeployEvent = {
    status: inputs.status,
    ...(inputs.environment ? { environment: inputs.environment } : {}),
    ...(inputs.version ? { version: inputs.version } : {}),
    ...(inputs['environment-url'] ? { environmentUrl: inputs['environment-url'] } : {}),
    ...(inputs.message ? { message: inputs.message } : {}),
    repository: context.repository,
    sha: context.sha,
    actor: context.actor,
    runUrl: context.runUrl,
    serverUrl: context.serverUrl,
  };
  const result = await sendNotifications(channels, event, {
    timeoutMs: inputs.timeout,
    log: (line) => core.info(line),
  });
  setOutputs({ delivered: result.delivered.join(','), failed: result.failed.map((f) => f.channel).join(',') });
  await writeSummary('Notify', notifySummarySections(result, event));
  reportNotifyResult(result, inputs['fail-on-error'], (line) => core.warning(line));
}
