import { Agent, request } from 'node:http';

/**
 * Requests through the proxy, back to back, as users would send them: every other request
 * on a kept-alive connection, the rest on a new one. Counts what failed (an error or a
 * status other than 200) and which versions answered.
 *
 * A server may close an idle kept-alive connection at any moment (nginx's old workers do when
 * a reload retires them), and a request sent on it at that instant gets no answer at all.
 * HTTP/1.1 lets a client send such a request again (RFC 9112, 9.3.1), and browsers, curl and
 * Go's client do; Node's Agent does not, so the loop does it as they would: once, on a new
 * connection, only for a GET that got no response on a reused connection. Those are counted
 * apart (`resent`); a request on a new connection that fails, or a resend that fails, is a
 * failure.
 */
export interface RequestLoop {
  /** What was seen so far (the loop goes on). */
  peek(): Promise<LoopResult>;
  stop(): Promise<LoopResult>;
}

export interface LoopResult {
  requests: number;
  failed: number;
  /** GETs sent again on a new connection because a reused one closed before any answer. */
  resent: number;
  failures: string[];
  /** Body of each answer (the app's version), in order of arrival, runs collapsed. */
  versions: string[];
  /** Body of every answer, in order. */
  answers: string[];
}

/** A request sent on a kept-alive connection that the server closed before any answer. */
class ClosedBeforeAnswer extends Error {}

function get(port: number, agent: Agent | false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: '127.0.0.1', port, path: '/', agent, timeout: 10_000 }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const closed = error.code === 'ECONNRESET' || error.message === 'socket hang up';
      reject(req.reusedSocket && !answered && closed ? new ClosedBeforeAnswer(error.message) : error);
    });
    req.end();
  });
}

export function startRequestLoop(port: number): RequestLoop {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const result: LoopResult = { requests: 0, failed: 0, resent: 0, failures: [], versions: [], answers: [] };
  const send = (keepAlive: boolean) =>
    get(port, keepAlive ? agent : false).catch((error: unknown) => {
      if (!(error instanceof ClosedBeforeAnswer)) throw error;
      result.resent += 1;
      return get(port, false);
    });
  let running = true;
  const loop = (async () => {
    while (running) {
      const keepAlive = result.requests % 2 === 0;
      result.requests += 1;
      try {
        const answer = await send(keepAlive);
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
