export { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type RecordedRequest } from './server';
export type { Fault } from './faults';
export type { FakeGitHubState, ProtectionRule, DeploymentStatusState } from './state';
export type { SeedDeployment } from './seed';
