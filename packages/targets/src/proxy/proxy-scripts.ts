import { shellJoin, shellQuote } from '../shell-quote';
import type { ComposeProject } from '../ssh-compose/remote-scripts';
import type { ProxyOnHost } from './proxy-settings';

/**
 * The shell scripts that change the proxy on the host. Each runs from the project folder (a
 * relative config file is the project's) and ends with an exit code the caller tells apart.
 */

/** `nginx -t` refused the configuration with deploy-kit's new file: the old file is back. */
export const PROXY_INVALID = 20;
/** nginx did not take the reload: the old file is back (and reloaded, when that worked). */
export const PROXY_RELOAD_FAILED = 21;
/** The project folder is missing. */
export const PROXY_NO_PROJECT = 3;

/** The nginx command line on the host, or inside the proxy's compose service. */
export function nginxCommand(proxy: ProxyOnHost, project: ComposeProject, args: readonly string[]): string {
  if (proxy.runs.kind === 'host') return shellJoin(['nginx', ...args]);
  const file = project.composeFile ? ` -f ${shellQuote(project.composeFile)}` : '';
  // -T: no terminal over SSH; the service name after the options, never read as one.
  return `${project.composeCommand}${file} exec -T ${shellJoin([proxy.runs.service, 'nginx', ...args])}`;
}

function cdProject(project: ComposeProject): string {
  return `cd ${shellQuote(project.projectDir)} || exit ${PROXY_NO_PROJECT}`;
}

/**
 * Replaces deploy-kit's upstream file with standard input, validates the WHOLE configuration
 * (`nginx -t`, so a broken include of the user's is caught too) and reloads. When the check
 * or the reload fails, the previous file is put back (and reloaded again, so nginx never runs
 * on a file that is not on disk), and nginx's own message goes to stderr. The replace is a
 * rename, so nginx never reads half a file.
 */
export function applyUpstreamScript(proxy: ProxyOnHost, project: ComposeProject): string {
  const file = shellQuote(proxy.configFile);
  const previous = shellQuote(`${proxy.configFile}.deploy-kit-previous`);
  const next = shellQuote(`${proxy.configFile}.deploy-kit-next`);
  const test = nginxCommand(proxy, project, ['-t']);
  const reload = nginxCommand(proxy, project, ['-s', 'reload']);
  return [
    cdProject(project),
    `mkdir -p "$(dirname ${file})"`,
    `cat > ${next} || exit 1`,
    `if [ -f ${file} ]; then cp -p ${file} ${previous} || exit 1; had=yes; else had=no; fi`,
    `mv -f ${next} ${file} || exit 1`,
    `putback() { if [ "$had" = yes ]; then mv -f ${previous} ${file}; else rm -f ${file}; fi; }`,
    `if ! out=$(${test} 2>&1); then putback; printf '%s\\n' "$out" >&2; exit ${PROXY_INVALID}; fi`,
    `if ! out=$(${reload} 2>&1); then putback; ${reload} >/dev/null 2>&1; printf '%s\\n' "$out" >&2; exit ${PROXY_RELOAD_FAILED}; fi`,
    `rm -f ${previous}`,
  ].join('\n');
}

/** Prints deploy-kit's upstream file, or nothing when there is none. */
export function readUpstreamScript(proxy: ProxyOnHost, project: ComposeProject): string {
  return [cdProject(project), `cat ${shellQuote(proxy.configFile)} 2>/dev/null || true`].join('\n');
}
