export { notifyFields, notifySecretInputs, notifyField, splitAddresses, type NotifyInputs } from './fields';
export { DEPLOY_STATUSES, statusStyle, type DeployStatus, type StatusStyle } from './status';
export type { DeployEvent } from './event';
export type { Channel, ChannelName, AttemptOutcome, AttemptContext } from './channel';
export { channelsFrom } from './channels-from';
export { sendNotifications, type NotifyResult, type SendOptions } from './send';
export type { ChannelReport } from './deliver';
export { notifySummarySections } from './summary';
export { reportNotifyResult } from './report';
export { renderTemplate, TEMPLATE_PLACEHOLDERS } from './template';
export { buildContent, type MessageContent } from './content';
export { slackPayload } from './channels/slack';
export { teamsPayload, adaptiveCard } from './channels/teams';
export { discordPayload } from './channels/discord';
export { webhookPayload, signBody, SIGNATURE_HEADER } from './channels/webhook';
export {
  pagerDutyChannel,
  pagerDutyPayload,
  pagerDutyDedupKey,
  alertActionFor,
  PAGERDUTY_EVENTS_URL,
  type AlertAction,
} from './channels/pagerduty';
