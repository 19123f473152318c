// The real test infrastructure: every server runs on 127.0.0.1 in its own temp dir and is
// stopped (by its pid) with stop(); call it in afterAll. See test/infra/README.md.
export { startRegistry, type Registry } from './registry';
export { startPodman, type Podman } from './podman';
export { buildAppImage, type BuildAppImageOptions } from './image';
export { startSshd, sshClientArgs, type Sshd, type SshdOptions } from './sshd';
export { freePort, REGISTRY_PORTS } from './ports';
export { runCommand, type CommandResult, type RunCommandOptions } from './commands';
