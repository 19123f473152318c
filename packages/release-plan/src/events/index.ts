import { UserError } from '@deploy-kit/action-kit';
import type { JsonObject } from '../payload';
import { pushFacts } from './push';
import { releaseFacts } from './release';
import type { EventFacts } from './types';

export type { EventFacts } from './types';
export { DEPLOYING_RELEASE_ACTIONS } from './release';

export const SUPPORTED_EVENTS = ['release', 'push', 'workflow_dispatch', 'workflow_call'] as const;

export function eventFacts(eventName: string, payload: JsonObject, ref: string | undefined): EventFacts {
  switch (eventName) {
    case 'release':
      return releaseFacts(payload);
    case 'push':
      return pushFacts(payload, ref);
    case 'workflow_dispatch':
    case 'workflow_call':
      return { eventName, needsInputs: true };
    default:
      throw new UserError(
        `Event "${eventName || '(none)'}" cannot be deployed; supported events: ${SUPPORTED_EVENTS.join(', ')}`,
      );
  }
}
