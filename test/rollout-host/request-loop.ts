import { Agent, request } from 'node:http';

/**
 * Requests through the proxy, back to back, as users would send them: every other request
 * on a kept-alive connection, the rest on a new one. Counts what failed (an error or a
 * status other than 200) and which versions answered.
 */
export interface RequestLoop {
  /** What was seen so far (the loop goes on). */
  peek(): Promise<LoopResult>;
  stop(): Promise<LoopResult>;
}

export interface LoopResult {
  requests: number;
  failed: number;
  failures: string[];
  /** Body of each answer (the app's version), in order of arrival, runs collapsed. */
  versions: string[];
  /** Body of every answer, in order. */
  answers: string[];
}

function get(port: number, agent: Agent | false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export function startRequestLoop(port: number): RequestLoop {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const result: LoopResult = { requests: 0, failed: 0, failures: [], versions: [], answers: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const keepAlive = result.requests % 2 === 0;
      result.requests += 1;
      try {
        const answer = await get(port, keepAlive ? agent : false);
        if (answer.status !== 200) {
          result.failed += 1;
          result.failures.push(`HTTP ${answer.status}`);
        } else {
          result.answers.push(answer.body);
          if (result.versions.at(-1) !== answer.body) result.versions.push(answer.body);
        }
      } catch (error) {
        result.failed += 1;
        result.failures.push((error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    peek: () =>
      Promise.resolve({
        ...result,
        failures: [...result.failures],
        versions: [...result.versions],
        answers: [...result.answers],
      }),
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return result;
    },
  };
}
