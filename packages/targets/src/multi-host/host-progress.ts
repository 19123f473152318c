import type { HostHealth, RollingPorts } from '@deploy-kit/rollout';

/**
 * The rolling ports, telling `progress` each host whose update ended, in the host table's words:
 * `rolling: b updated (2 of 3 hosts)` (after its health check and its after hook), `rolling: c
 * health failed: …`, then, when the rollout stops, `rolling: b reverted to the previous release`
 * or `rolling: b revert failed: …`. runRolling calls the hooks for a revert too; a host whose
 * update already ended is being put back, so its hooks belong to the revert.
 */
export function reportingHosts(
  ports: RollingPorts,
  strategy: string,
  total: number,
  progress: (line: string) => void,
): RollingPorts {
  const { before, after } = ports;
  /** Hosts whose update ended (updated or failed): later calls for them put them back. */
  const ended = new Set<string>();
  /** Hosts put back whose after hook is still to run: the revert ends with it. */
  const reverting = new Set<string>();
  let updated = 0;
  const say = (line: string) => progress(`${strategy}: ${line}`);
  const end = (host: string, line: string) => {
    ended.add(host);
    say(line);
  };
  const failed = (host: string, phase: string) => (error: unknown) => {
    if (!ended.has(host)) end(host, `${host} ${phase} failed: ${firstLine(error)}`);
    throw error;
  };
  const updatedHost = (host: string) => {
    updated += 1;
    end(host, `${host} updated (${updated} of ${total} hosts)`);
  };
  const revertEnded = (host: string, error?: unknown) => {
    reverting.delete(host);
    say(
      error === undefined ? `${host} reverted to the previous release` : `${host} revert failed: ${firstLine(error)}`,
    );
  };
  return {
    ...(before
      ? {
          before: (host: string, signal?: AbortSignal) =>
            ended.has(host) ? before(host, signal) : before(host, signal).catch(failed(host, 'before')),
        }
      : {}),
    deploy: (host, signal) => ports.deploy(host, signal).catch(failed(host, 'deploy')),
    healthCheck: async (host, signal): Promise<HostHealth> => {
      const health = await ports.healthCheck(host, signal).catch(failed(host, 'health'));
      if (health.kind === 'unhealthy') end(host, `${host} health failed: ${health.reason}`);
      else if (!after) updatedHost(host);
      return health;
    },
    ...(after
      ? {
          after: async (host: string, signal?: AbortSignal) => {
            if (!ended.has(host)) {
              await after(host, signal).catch(failed(host, 'after'));
              updatedHost(host);
              return;
            }
            try {
              await after(host, signal);
            } catch (error) {
              if (reverting.has(host)) revertEnded(host, error);
              throw error;
            }
            if (reverting.has(host)) revertEnded(host);
          },
        }
      : {}),
    revert: async (host, signal) => {
      try {
        await ports.revert(host, signal);
      } catch (error) {
        revertEnded(host, error);
        throw error;
      }
      if (after) reverting.add(host);
      else revertEnded(host);
    },
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}
