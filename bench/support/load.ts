import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadOptions {
  /** http://host:port */
  url: string;
  path: string;
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  /** Called for every request: a fresh body each time. */
  body: () => string;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** From the first connection to the last answer of the drain, in seconds. */
  seconds: number;
  ok: number;
  /** 2xx answers per second. */
  okPerSecond: number;
  non2xx: number;
  /** Answers by status code, 2xx included. */
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Latency of the answers, in ms. */
  p50: number;
  p99: number;
  /** False when some connection still had a request unanswered when autocannon gave up. */
  drained: boolean;
}

/** The parts of autocannon's (JavaScript) Client that the drain uses; @types/autocannon omits them. */
interface DrainableClient {
  reqsMade: number;
  responseMax: number | undefined;
}

// How long, after the duration, connections may take to get their last answer.
const DRAIN_LIMIT_SECONDS = 30;

/**
 * Runs autocannon for `durationSeconds`, then drains instead of cutting off: each connection,
 * at its next answer, sends nothing more and closes. So every request sent is answered (and
 * counted), and for a write endpoint the 2xx count must equal the rows written. autocannon on its
 * own would close connections with a request in flight, which the server may still complete.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let draining = false;
  let clients = 0;
  let drainedClients = 0;
  let lastClosed = 0;
  const started = performance.now();
  const drainTimer = setTimeout(() => {
    draining = true;
  }, options.durationSeconds * 1000);

  try {
    const result = await autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds + DRAIN_LIMIT_SECONDS,
      method: options.method,
      headers: options.headers,
      requests: [
        { path: options.path, setupRequest: (request) => ({ ...request, body: options.body() }) },
      ],
      setupClient: (client) => {
        const drainable = client as unknown as DrainableClient;
        let closing = false;
        clients += 1;
        // This listener runs before autocannon's own, and before the client sends its next
        // request: with responseMax reached, the client closes instead of sending it.
        client.on('response', () => {
          if (!draining) return;
          closing = true;
          drainable.responseMax = drainable.reqsMade;
        });
        client.once('done', () => {
          if (!closing) return;
          drainedClients += 1;
          lastClosed = performance.now();
        });
      },
    });
    const drained = clients > 0 && drainedClients === clients;
    const seconds = drained ? (lastClosed - started) / 1000 : result.duration;
    const statusCodes: Record<string, number> = {};
    for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
      statusCodes[code] = stats.count ?? 0;
    }
    return {
      seconds,
      ok: result['2xx'],
      okPerSecond: result['2xx'] / seconds,
      non2xx: result.non2xx,
      statusCodes,
      errors: result.errors,
      timeouts: result.timeouts,
      p50: result.latency.p50,
      p99: result.latency.p99,
      drained,
    };
  } finally {
    clearTimeout(drainTimer);
  }
}
