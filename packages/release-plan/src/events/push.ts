import { UserError } from '@deploy-kit/action-kit';
import { booleanField, stringField, type JsonObject } from '../payload';
import type { EventFacts } from './types';

const TAG_PREFIX = 'refs/tags/';

/** A pushed tag is a release; its semver prerelease part decides the environment. */
export function pushFacts(payload: JsonObject, ref: string | undefined): EventFacts {
  const pushed = ref ?? stringField(payload, 'ref');
  if (!pushed) throw new UserError('The push event has no ref (GITHUB_REF)');
  if (!pushed.startsWith(TAG_PREFIX)) {
    throw new UserError(`A push to ${pushed} does not deploy; only pushes of version tags do (on: push: tags: ['v*'])`);
  }
  const tag = pushed.slice(TAG_PREFIX.length);
  if (booleanField(payload, 'deleted') === true) {
    throw new UserError(`Tag ${tag} was deleted; a deleted tag is not deployed`);
  }
  return { eventName: 'push', version: tag, needsInputs: false };
}
