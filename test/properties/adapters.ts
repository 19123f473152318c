import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { channelsFrom } from '@deploy-kit/notify';
import { prepareRelease } from '../../actions/deploy/prepare-release';
import { readBuildImageInputs } from '../../actions/build-image/inputs';
import { readDeployInputs } from '../../actions/deploy/inputs';
import { deployFromInputs } from '../../actions/deploy/run';
import { readHealthCheckInputs } from '../../actions/health-check/inputs';
import { readNotifyInputs } from '../../actions/notify/inputs';
import { readPipelineInputs } from '../../actions/pipeline/inputs';
import { preparePipeline } from '../../actions/pipeline/prepare';
import { readPreDeployCheckInputs } from '../../actions/pre-deploy-check/inputs';
import { readRollbackInputs } from '../../actions/rollback/inputs';
import type { RecordingPeer } from './peer';

export const ACTIONS = [
  'build-image',
  'pre-deploy-check',
  'deploy',
  'health-check',
  'rollback',
  'notify',
  'pipeline',
] as const;
export type ActionName = (typeof ACTIONS)[number];

const root = resolve(import.meta.dirname, '../..');

/** The input names of an action's action.yml (the one-step pipeline action's is the repository root's). */
export function inputsOf(action: ActionName): string[] {
  const file = action === 'pipeline' ? join(root, 'action.yml') : join(root, action, 'action.yml');
  const metadata = parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, unknown> };
  return Object.keys(metadata.inputs ?? {});
}

export type Inputs = Record<string, string>;

/**
 * Runs, in this process, everything an action does with its inputs before its
 * first request (read them, then the checks its run() makes before contacting
 * anything). Throws what the action would fail with.
 */
export type InputAdapter = (inputs: Inputs, env: NodeJS.ProcessEnv) => void | Promise<void>;

/** As the runner and @actions/core hand inputs over: unset is '', surrounding whitespace trimmed. */
const reader = (inputs: Inputs) => (name: string) => (inputs[name] ?? '').trim();

export const ADAPTERS: Record<ActionName, InputAdapter> = {
  'build-image': (inputs) => void readBuildImageInputs({ getInput: reader(inputs) }),
  'pre-deploy-check': (inputs) => void readPreDeployCheckInputs(reader(inputs)),
  deploy: (inputs, env) => {
    deployFromInputs(readDeployInputs({ getInput: reader(inputs) }), env);
  },
  'health-check': (inputs) => void readHealthCheckInputs({ getInput: reader(inputs) }),
  rollback: (inputs, env) => void prepareRelease(readRollbackInputs({ getInput: reader(inputs) }), env),
  notify: (inputs) => void channelsFrom(readNotifyInputs({ getInput: reader(inputs) })),
  // Async (it may read a config file): its refusals are rejections, which the tests await.
  pipeline: async (inputs, env) => {
    await preparePipeline(readPipelineInputs(reader(inputs)), env);
  },
};

const SSH_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key-but-secret-enough\n-----END OPENSSH PRIVATE KEY-----';

/** A build context with a Dockerfile, for build-image's baseline. */
export function makeContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-properties-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  return dir;
}

/**
 * Inputs each action accepts, every peer they name being the recording peer:
 * one bad value among them must be the only reason for a refusal.
 */
export function baselines(peer: RecordingPeer, context: string): Record<ActionName, Inputs> {
  const token = { 'github-token': 'ghs_propertyTestToken0123456789' };
  const target = {
    target: 'ssh-compose',
    'ssh-host': '127.0.0.1',
    'ssh-port': String(peer.port),
    'ssh-user': 'deploy',
    'ssh-key': SSH_KEY,
    'ssh-known-hosts': `[127.0.0.1]:${peer.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl`,
    'project-dir': '/srv/shop',
    'health-url': `${peer.url}/health`,
  };
  const image = `${peer.host}/acme/shop:v1.0.0`;
  return {
    'build-image': { image: `${peer.host}/acme/shop`, context, environment: 'staging', version: 'v1.0.0', ...token },
    'pre-deploy-check': { environment: 'production', image, ...token },
    deploy: { environment: 'production', image, ...target, ...token },
    'health-check': { url: `${peer.url}/health` },
    rollback: { environment: 'production', ...target, ...token },
    notify: { status: 'success', environment: 'production', 'webhook-url': `${peer.url}/hook` },
    pipeline: { environment: 'production', image, ...target, 'webhook-url': `${peer.url}/hook`, ...token },
  };
}

/** The job environment the adapters and bundles see: every GitHub URL is the peer's. */
export function jobEnv(peer: RecordingPeer): NodeJS.ProcessEnv {
  return {
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: peer.url,
    GITHUB_API_URL: peer.url,
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Deploy',
  };
}
