import { describe, it, expect } from '@jest/globals';
import { formatProblem } from './format';
import { parseConfig } from './parse-config';
import type { DeployConfig } from './types';

const FILE = '.github/deploy-kit.yml';

/** The lines a user sees for this file, or [] when it loads. */
function problems(text: string): string[] {
  const result = parseConfig(text, { file: FILE, repository: 'acme/shop' });
  const lines = result.kind === 'invalid' ? result.problems.map(formatProblem) : [];
  for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  return lines;
}

function load(text: string): DeployConfig {
  const result = parseConfig(text, { file: FILE, repository: 'Acme/Shop' });
  if (result.kind !== 'ok') throw new Error(`expected a valid file, got ${JSON.stringify(result)}`);
  return result.config;
}

/** A small valid file (11 lines); tests change one part of it. */
const base = (target = '', environment = '', service = '') => `services:
  api:
    context: api
${service}environments:
  production:
    on: release
${environment}    target:
      kind: ssh-compose
      hosts: [prod.example.com]
      user: deploy
      project-dir: /opt/app
${target}`;

describe('parseConfig on a valid file', () => {
  it('fills every default and names things after the service', () => {
    const config = load(base());
    expect(config.services).toEqual([
      {
        name: 'api',
        image: 'ghcr.io/acme/shop/api',
        context: 'api',
        buildArgs: {},
        platforms: [],
        composeService: 'api',
        imageVariable: 'API_IMAGE',
        health: {
          json: [],
          expectVersion: false,
          jsonVersionPath: 'version',
          expectedStatus: '200-299',
          method: 'GET',
          timeoutMs: 5000,
          intervalMs: 2000,
          backoff: 'exponential',
          maxIntervalMs: 30_000,
          deadlineMs: 300_000,
          consecutiveSuccesses: 1,
          failureThreshold: 3,
          followRedirects: true,
          insecureTls: false,
          redactQueryParams: [],
        },
      },
    ]);
    expect(config.environments).toEqual([
      {
        name: 'production',
        on: ['release'],
        health: {},
        target: {
          kind: 'ssh-compose',
          hosts: ['prod.example.com'],
          user: 'deploy',
          port: 22,
          projectDir: '/opt/app',
          composeCommand: 'docker compose',
          connectTimeoutMs: 20_000,
          deployTimeoutMs: 600_000,
          registryLogin: true,
          insecureSkipHostKey: false,
        },
        strategy: { kind: 'recreate' },
        freeze: [],
        requireChecks: false,
        ignoreChecks: [],
        requiredEnv: [],
        requireEnvironment: true,
        production: 'auto',
        rollbackOn: 'unhealthy',
        notify: { started: false, emailTo: [], failOnError: false, timeoutMs: 10_000 },
      },
    ]);
    expect(config.source).toBe(FILE);
  });

  it('takes free environment names, a command target, lists for on and health, and explicit settings', () => {
    const config = load(`services:
  web.v2:
    image: registry.example.com:5000/team/web
    dockerfile: web/Containerfile
    build-args: { NODE_ENV: production, WORKERS: 4 }
    compose-service: frontend
    health: { expected-status: 204, max-latency: 800ms, timeout: 1.5s }
  worker:
    image-variable: WORKER_REF
environments:
  preview:
    on: [prerelease, release]
    health:
      web.v2: [https://preview.example.com/a, https://preview.example.com/b]
    target: { kind: command, command: ./deploy.sh, deploy-timeout: 1h }
  live:
    target: { kind: ssh-compose, hosts: [a.example.com, 10.0.0.2], user: ops, port: 2222, project-dir: /srv/live }
    rollback-on: never
    production: true
`);
    expect(config.services.map((s) => [s.name, s.image, s.composeService, s.imageVariable])).toEqual([
      ['web.v2', 'registry.example.com:5000/team/web', 'frontend', 'WEB_V2_IMAGE'],
      ['worker', 'ghcr.io/acme/shop/worker', 'worker', 'WORKER_REF'],
    ]);
    expect(config.services[0]).toMatchObject({
      dockerfile: 'web/Containerfile',
      buildArgs: { NODE_ENV: 'production', WORKERS: '4' },
      health: { expectedStatus: '204', maxLatencyMs: 800, timeoutMs: 1500 },
    });
    const [preview, live] = config.environments;
    expect(preview).toMatchObject({
      name: 'preview',
      on: ['prerelease', 'release'],
      health: { 'web.v2': ['https://preview.example.com/a', 'https://preview.example.com/b'] },
      target: { kind: 'command', command: './deploy.sh', deployTimeoutMs: 3_600_000 },
    });
    expect(live).toMatchObject({
      name: 'live',
      on: [],
      production: true,
      rollbackOn: 'never',
      target: { kind: 'ssh-compose', hosts: ['a.example.com', '10.0.0.2'], port: 2222, projectDir: '/srv/live' },
    });
  });
});

describe('parseConfig with YAML anchors', () => {
  it('shares settings between environments with `<<: *anchor`, and places a problem inside the anchor', () => {
    const text = `services:
  api: {}
environments:
  staging:
    on: prerelease
    target: &ssh
      kind: ssh-compose
      hosts: [staging.example.com]
      user: deploy
      project-dir: /opt/app
  production:
    on: release
    target:
      <<: *ssh
      hosts: [prod.example.com]
`;
    const config = load(text);
    expect(config.environments.map((e) => [e.name, e.target])).toEqual([
      ['staging', expect.objectContaining({ hosts: ['staging.example.com'], projectDir: '/opt/app' })],
      ['production', expect.objectContaining({ hosts: ['prod.example.com'], projectDir: '/opt/app' })],
    ]);
    expect(problems(text.replace('user: deploy', 'user: -deploy'))).toEqual([
      '.github/deploy-kit.yml:9:7: environments.staging.target.user: expected a user name such as deploy',
      '.github/deploy-kit.yml:13:5: environments.production.target.user: expected a user name such as deploy',
    ]);
  });
});

describe('parseConfig reports every problem, one line each, where it was written', () => {
  it('a value of the wrong type points at its key', () => {
    expect(problems(base().replace('hosts: [prod.example.com]', 'hosts: prod.example.com'))).toEqual([
      '.github/deploy-kit.yml:9:7: environments.production.target.hosts: expected a list of host names',
    ]);
  });

  it('a wrong item of a list points at the item', () => {
    expect(
      problems(base().replace('hosts: [prod.example.com]', 'hosts: [prod.example.com, -oProxyCommand=x]')),
    ).toEqual([
      '.github/deploy-kit.yml:9:33: environments.production.target.hosts.1: expected a host name or IP address',
    ]);
  });

  it('a missing key points at the map it is missing from', () => {
    expect(problems(base().replace('      user: deploy\n', ''))).toEqual([
      '.github/deploy-kit.yml:7:5: environments.production.target.user: required: a user name such as deploy',
    ]);
  });

  it('an unknown key gets the closest known key, or the list of known keys', () => {
    expect(problems(base('      project_dir: /opt/x\n      colour: blue\n'))).toEqual([
      '.github/deploy-kit.yml:12:7: environments.production.target.project_dir: unknown key; did you mean "project-dir"?',
      '.github/deploy-kit.yml:13:7: environments.production.target.colour: unknown key; expected one of: kind, hosts, user, port, project-dir, compose-file, compose-command, connect-timeout, deploy-timeout, registry-login, insecure-skip-host-key',
    ]);
    expect(problems(base('', '', '    imagee: ghcr.io/acme/api\n'))).toEqual([
      '.github/deploy-kit.yml:4:5: services.api.imagee: unknown key; did you mean "image"?',
    ]);
    expect(problems(`${base()}notify: {}\n`)).toEqual([
      '.github/deploy-kit.yml:12:1: notify: unknown key; expected one of: services, environments',
    ]);
  });

  it('an unknown target kind lists the kinds', () => {
    expect(problems(base().replace('kind: ssh-compose', 'kind: nomad'))).toEqual([
      '.github/deploy-kit.yml:8:7: environments.production.target.kind: expected kind: ssh-compose or command or kubernetes',
    ]);
  });

  it('enums, URLs, durations, ports and booleans say what they accept', () => {
    const text = base(
      '      port: 70000\n      deploy-timeout: soon\n',
      '    url: ftp://example.com\n    require-checks: yes\n    rollback-on: always\n',
    ).replace('on: release', 'on: releases');
    expect(problems(text)).toEqual([
      '.github/deploy-kit.yml:6:5: environments.production.on: expected prerelease, release or a list of them',
      '.github/deploy-kit.yml:7:5: environments.production.url: expected an http(s) URL',
      '.github/deploy-kit.yml:8:5: environments.production.require-checks: expected true or false',
      '.github/deploy-kit.yml:9:5: environments.production.rollback-on: expected unhealthy, failure or never',
      '.github/deploy-kit.yml:15:7: environments.production.target.port: expected a whole number from 1 to 65535',
      '.github/deploy-kit.yml:16:7: environments.production.target.deploy-timeout: expected a duration such as 500ms, 5s, 2m or 1h',
    ]);
  });

  it('names: services, environments (no line breaks or NUL), and GitHub’s case-insensitive environments', () => {
    // A name with a control character is shown quoted and escaped: every problem stays one line.
    const text = `services:
  Api:
    context: api
environments:
  "prod\\nuction":
    target: { kind: command, command: ./deploy.sh }
  "pre\\0view":
    target: { kind: command, command: ./deploy.sh }
  live:
    target: { kind: command, command: ./deploy.sh }
  Live:
    target: { kind: command, command: ./deploy.sh }
`;
    expect(problems(text)).toEqual([
      '.github/deploy-kit.yml:2:3: services.Api: name "Api" is not valid: expected lower-case letters and digits, with single ".", "_" or "-" between them, e.g. api (at most 63 characters)',
      '.github/deploy-kit.yml:5:3: environments."prod\\nuction": name "prod\\nuction" is not valid: expected letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. staging (at most 255 characters)',
      '.github/deploy-kit.yml:7:3: environments."pre\\u0000view": name "pre\\u0000view" is not valid: expected letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. staging (at most 255 characters)',
      '.github/deploy-kit.yml:11:3: environments.Live: same GitHub environment as "live" (names are case-insensitive)',
    ]);
  });

  it('health URLs name services of the file', () => {
    expect(
      problems(base('', '    health:\n      apii: https://api.example.com/health\n      web: https://example.com/\n')),
    ).toEqual([
      '.github/deploy-kit.yml:8:7: environments.production.health.apii: no service named "apii"; did you mean "api"?',
      '.github/deploy-kit.yml:9:7: environments.production.health.web: no service named "web"; services: api',
    ]);
  });

  it('images: no tag or digest, lower case, and one per service', () => {
    const text = `services:
  api:
    image: ghcr.io/acme/api:v1
  web:
    image: ghcr.io/Acme/web
  worker:
    image: ghcr.io/acme/shop/jobs
  jobs:
    compose-service: worker
environments:
  production:
    target: { kind: command, command: ./deploy.sh }
`;
    expect(problems(text)).toEqual([
      '.github/deploy-kit.yml:3:5: services.api.image: expected an image name without tag or digest (deploy-kit decides the tags)',
      '.github/deploy-kit.yml:5:5: services.web.image: expected lower case (registries reject upper case): "ghcr.io/acme/web"',
      '.github/deploy-kit.yml:8:3: services.jobs: image ghcr.io/acme/shop/jobs is also the image of service "worker"; each service needs its own',
      '.github/deploy-kit.yml:9:5: services.jobs.compose-service: compose-service worker is also the compose-service of service "worker"; each service needs its own',
    ]);
  });

  it('two services may not share an image variable', () => {
    expect(problems(base('', '', '  web:\n    image-variable: API_IMAGE\n'))).toEqual([
      '.github/deploy-kit.yml:5:5: services.web.image-variable: image-variable API_IMAGE is also the image-variable of service "api"; each service needs its own',
    ]);
  });

  it('secrets: a secret-looking key says which GitHub secret to use; secret values are refused', () => {
    const text = base(
      '      ssh-key: abc\n      known-hosts: prod.example.com ssh-ed25519 AAAA\n',
      '    notify: { slack-webhook-url: https://hooks.slack.com/x }\n    url: https://user:hunter2@example.com/\n',
      '    build-args: { NPM_TOKEN: abc }\n',
    );
    expect(problems(text)).toEqual([
      '.github/deploy-kit.yml:4:19: services.api.build-args.NPM_TOKEN: looks like a secret; secrets never go in this file: set it as a secret of the repository',
      '.github/deploy-kit.yml:8:15: environments.production.notify.slack-webhook-url: looks like a secret; secrets never go in this file: set it as the secret SLACK_WEBHOOK_URL of the GitHub environment "production"',
      '.github/deploy-kit.yml:9:5: environments.production.url: holds a URL with a password; secrets never go in this file',
      '.github/deploy-kit.yml:15:7: environments.production.target.ssh-key: looks like a secret; secrets never go in this file: set it as the secret DEPLOY_SSH_KEY of the GitHub environment "production"',
      '.github/deploy-kit.yml:16:7: environments.production.target.known-hosts: looks like a secret; secrets never go in this file: set it as the secret DEPLOY_SSH_KNOWN_HOSTS of the GitHub environment "production"',
    ]);
  });

  it('a private key is refused whatever its key', () => {
    const text = base().replace('context: api', 'context: "-----BEGIN OPENSSH PRIVATE KEY-----"');
    expect(problems(text)).toEqual([
      '.github/deploy-kit.yml:3:5: services.api.context: holds a private key; secrets never go in this file',
    ]);
  });

  it('every problem of a file at once, in file order', () => {
    const text = base('      port: 0\n', '', '    platforms: linux\n').replace(
      'kind: ssh-compose',
      'kind: ssh-compose\n      hostz: []',
    );
    expect(problems(text)).toEqual([
      '.github/deploy-kit.yml:4:5: services.api.platforms: expected a list of platforms',
      '.github/deploy-kit.yml:10:7: environments.production.target.hostz: unknown key; did you mean "hosts"?',
      '.github/deploy-kit.yml:14:7: environments.production.target.port: expected a whole number from 1 to 65535',
    ]);
  });
});

describe('parseConfig with the grammar checks of other packages', () => {
  // Stand-ins with the contract of preflight's and health's parsers: the reason, or undefined.
  const checks = {
    freeze: (window: string) => (window.startsWith('Fri') ? undefined : `"${window}" is not a freeze window`),
    json: (assertion: string) => (assertion.includes('==') ? undefined : `"${assertion}": expected PATH == VALUE`),
  };

  it('places each refused item on its own line, with every other problem', () => {
    const text = base(
      '',
      "    freeze: ['Fri 18:00 - Mon 08:00', 'someday']\n    url: nope\n",
      "    health: { json: ['status'] }\n",
    );
    const result = parseConfig(text, { file: FILE, repository: 'acme/shop', checks });
    expect(result.kind === 'invalid' && result.problems.map(formatProblem)).toEqual([
      '.github/deploy-kit.yml:4:22: services.api.health.json.0: "status": expected PATH == VALUE',
      '.github/deploy-kit.yml:8:39: environments.production.freeze.1: "someday" is not a freeze window',
      '.github/deploy-kit.yml:9:5: environments.production.url: expected an http(s) URL',
    ]);
  });

  it('accepts what the checks accept', () => {
    const text = base('', "    freeze: ['Fri 18:00 - Mon 08:00']\n", '    health: { json: [\'status == "ok"\'] }\n');
    expect(parseConfig(text, { file: FILE, repository: 'acme/shop', checks }).kind).toBe('ok');
  });
});

describe('parseConfig on files that are not a configuration', () => {
  it('YAML syntax errors get their line and column', () => {
    expect(problems('services:\n  api: [1\nenvironments: {}\n')).toEqual([
      '.github/deploy-kit.yml:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('a key written twice', () => {
    expect(problems(`${base()}services: {}\n`)).toEqual([
      '.github/deploy-kit.yml:12:1: YAML syntax: Map keys must be unique',
    ]);
  });

  it('an alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        ['b', 'c', 'd', 'e', 'f', 'g'].map(
          (name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`,
        ),
      )
      .join('\n');
    expect(problems(`${bomb}\n`)).toEqual([
      '.github/deploy-kit.yml:1:1: YAML: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('an empty file', () => {
    expect(problems('# nothing yet\n')).toEqual([
      '.github/deploy-kit.yml:1:1: the file is empty; expected services: and environments: (see docs/configuration.md)',
    ]);
  });

  it('a list instead of a map, and empty sections', () => {
    expect(problems('- api\n')).toEqual([
      '.github/deploy-kit.yml:1:1: expected a map with services: and environments:',
    ]);
    expect(problems('services: {}\nenvironments:\n')).toEqual([
      '.github/deploy-kit.yml:1:1: services: expected at least one service',
      '.github/deploy-kit.yml:2:1: environments: expected a map of environments, e.g. staging: { on: prerelease, ... }',
    ]);
  });
});
