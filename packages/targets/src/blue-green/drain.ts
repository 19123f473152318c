/**
 * After a graceful reload, nginx's old workers ("worker process is shutting down") finish
 * the requests they hold, then exit. Waits for that, at most `drain-timeout`; prints `left`
 * when some were still running then. Container processes show on the host, so this holds for
 * a proxy in compose too.
 */
export function drainScript(timeoutMs: number): string {
  const deadline = Math.max(1, Math.ceil(timeoutMs / 1000));
  return [
    `deadline=$(( $(date +%s) + ${deadline} ))`,
    // Anchored: this script's own command line (sh -c ...) holds the pattern too, and must not match.
    "while pgrep -f '^nginx: worker process is shutting down' >/dev/null 2>&1; do",
    '  if [ "$(date +%s)" -ge "$deadline" ]; then echo left; exit 0; fi',
    '  sleep 0.2',
    'done',
  ].join('\n');
}
