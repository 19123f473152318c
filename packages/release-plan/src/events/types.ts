/** What an event says about the release, before inputs and semver are applied. */
export interface EventFacts {
  /** Event name as it appears in messages. */
  eventName: string;
  /** The version the event names (release tag, pushed tag); dispatch events name none. */
  version?: string;
  /** The GitHub "pre-release" checkbox, only for release events. */
  checkbox?: boolean;
  /** Dispatch-style events take environment and version from inputs only. */
  needsInputs: boolean;
}
