/**
 * Variables the runner gives the action process that must not reach the
 * user's script: every `INPUT_*` (the action's inputs, among them
 * github-token, registry-password and ssh-key) and the runner's own
 * credentials (`ACTIONS_RUNTIME_*` for caches and artifacts,
 * `ACTIONS_ID_TOKEN_*` for OIDC). A script that needs a secret gets it
 * through the step's `env:`, where the workflow author chose to give it.
 */
const WITHHELD = [/^INPUT_/i, /^ACTIONS_RUNTIME_/i, /^ACTIONS_ID_TOKEN_/i];

export function isWithheldVariable(name: string): boolean {
  return WITHHELD.some((pattern) => pattern.test(name));
}

/** The environment a deploy script runs with: the step's, minus the withheld variables. */
export function scriptEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isWithheldVariable(name)));
}
