import { UserError } from '@deploy-kit/action-kit';
import { booleanField, objectField, stringField, type JsonObject } from '../payload';
import type { EventFacts } from './types';

export const DEPLOYING_RELEASE_ACTIONS = ['published', 'prereleased', 'released'] as const;

/**
 * `prereleased`, or `published` of a prerelease -> staging; `released`, or
 * `published` of a full release -> production. Every other action (created,
 * edited, deleted, unpublished) and drafts are refused: none of them is a
 * release someone meant to ship.
 */
export function releaseFacts(payload: JsonObject): EventFacts {
  const action = stringField(payload, 'action');
  const release = objectField(payload, 'release');
  if (!release) throw new UserError('The release event payload has no "release" object');
  const tag = stringField(release, 'tag_name');
  const name = tag ? `Release ${tag}` : 'The release';

  if (!(DEPLOYING_RELEASE_ACTIONS as readonly (string | undefined)[]).includes(action)) {
    throw new UserError(
      `${name}: release action "${action ?? '(none)'}" does not deploy; only ${DEPLOYING_RELEASE_ACTIONS.map((a) => `"${a}"`).join(', ')} do (on: release: types: [published])`,
    );
  }
  if (booleanField(release, 'draft') === true) {
    throw new UserError(`${name} is a draft; drafts are never deployed. Publish the release to deploy it`);
  }
  if (!tag) throw new UserError('The release in the event payload has no tag_name');

  const checkbox = booleanField(release, 'prerelease') ?? action === 'prereleased';
  if (action === 'prereleased' && !checkbox) {
    throw new UserError(`${name}: the "prereleased" event says prerelease: false; the payload contradicts itself`);
  }
  if (action === 'released' && checkbox) {
    throw new UserError(`${name}: the "released" event says prerelease: true; the payload contradicts itself`);
  }
  return { eventName: 'release', version: tag, checkbox, needsInputs: false };
}
