import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { incidentBody } from './incident-factory.js';

/**
 * Writers and readers that keep a server busy while its database fails under them, and record
 * what each request got. Every answer must be a success, a 4xx the request explains, or a 503
 * with Retry-After; anything else (a 500, a 503 without Retry-After, no answer at all) is a
 * violation. Each POST carries a unique summary, so the database can be asked afterwards how
 * many rows every request left.
 */
export interface WorkloadReport {
  /** POSTs answered 2xx: the summary they sent and the id they got. */
  created: { summary: string; id: string; keyed: boolean }[];
  /** POSTs without a key answered 503: they may or may not have been written, at most once. */
  unsure: string[];
  /** How often each answer came, as "POST 201", "PATCH 503", "GET export 200 cut" … */
  answers: Record<string, number>;
  violations: string[];
}

export interface Workload {
  /** Stops sending new requests and waits for the keyed retries to finish or give up. */
  stop(): Promise<WorkloadReport>;
}

export interface WorkloadOptions {
  url: string;
  key: string;
  /** Incidents the PATCH writers change. */
  patchIds: string[];
  /** How long a keyed write keeps retrying after a 503, counted from stop(). */
  retryForMs?: number;
}

const PAUSE_AFTER_503_MS = 100;

type Answer = { status: number; retryAfter: string | null; text: string } | { error: string };

function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  try {
    const response = await fetch(url, init);
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      text: await response.text(),
    };
  } catch (error) {
    return { error: describeError(error) };
  }
}

export function startWorkload(options: WorkloadOptions): Workload {
  const { url, key } = options;
  const report: WorkloadReport = { created: [], unsure: [], answers: {}, violations: [] };
  let stopping = false;
  let giveUpAt = Infinity;
  let sequence = 0;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  /** Counts the answer and returns its status when it is an allowed one, else null. */
  const judge = (label: string, answer: Answer, allowed: number[]): number | null => {
    if ('error' in answer) {
      report.violations.push(`${label}: no answer (${answer.error})`);
      return null;
    }
    const name = `${label} ${answer.status}`;
    report.answers[name] = (report.answers[name] ?? 0) + 1;
    if (answer.status === 503 && !answer.retryAfter) {
      report.violations.push(`${label}: 503 without Retry-After`);
      return null;
    }
    if (answer.status !== 503 && !allowed.includes(answer.status)) {
      report.violations.push(`${label}: ${answer.status} ${answer.text.slice(0, 300)}`);
      return null;
    }
    return answer.status;
  };

  const post = (summary: string, idempotencyKey?: string) =>
    send(`${url}/api/v1/incidents`, {
      method: 'POST',
      headers: idempotencyKey ? { ...headers, 'idempotency-key': idempotencyKey } : headers,
      body: JSON.stringify(incidentBody({ summary })),
    });

  const recordCreated = (summary: string, text: string, keyed: boolean) => {
    const id = (JSON.parse(text) as { id?: string }).id;
    if (id) report.created.push({ summary, id, keyed });
    else report.violations.push(`POST ${summary}: a 2xx without an id`);
  };

  async function keyedWriter(): Promise<void> {
    while (!stopping) {
      const summary = `outage keyed ${++sequence} ${randomUUID()}`;
      const idempotencyKey = randomUUID();
      // The same key and body again after each 503, until it is answered: a retry must never
      // write a second incident.
      for (;;) {
        const answer = await post(summary, idempotencyKey);
        const status = judge('POST keyed', answer, [200, 201, 409]);
        if ((status === 200 || status === 201) && !('error' in answer)) {
          recordCreated(summary, answer.text, true);
          break;
        }
        if (status === null || Date.now() > giveUpAt) {
          report.unsure.push(summary);
          break;
        }
        await sleep(PAUSE_AFTER_503_MS);
      }
    }
  }

  async function unkeyedWriter(): Promise<void> {
    while (!stopping) {
      const summary = `outage unkeyed ${++sequence} ${randomUUID()}`;
      const answer = await post(summary);
      const status = judge('POST', answer, [201]);
      if (status === 201 && !('error' in answer)) recordCreated(summary, answer.text, false);
      else if (status === 503) {
        report.unsure.push(summary);
        await sleep(PAUSE_AFTER_503_MS);
      }
    }
  }

  async function patchWriter(ids: string[]): Promise<void> {
    let round = 0;
    while (!stopping && ids.length > 0) {
      round += 1;
      const id = ids[round % ids.length] ?? '';
      const withKey = round % 2 === 0;
      const answer = await send(`${url}/api/v1/incidents/${id}`, {
        method: 'PATCH',
        headers: withKey ? { ...headers, 'idempotency-key': randomUUID() } : headers,
        body: JSON.stringify({ priority: (round % 5) + 1 }),
      });
      if (judge(withKey ? 'PATCH keyed' : 'PATCH', answer, [200, 409]) === 503) {
        await sleep(PAUSE_AFTER_503_MS);
      }
    }
  }

  /**
   * An export answered 200 has sent its headers before the rows: when the connection dies
   * after that, the only honest signal left is to cut the response, so the reader sees an
   * incomplete download instead of a file that looks whole.
   */
  async function exportReader(): Promise<void> {
    while (!stopping) {
      let status: number | null;
      try {
        const response = await fetch(`${url}/api/v1/export/incidents.csv`);
        const answer = {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          text: '',
        };
        if (response.status === 200) {
          try {
            await response.text();
          } catch {
            report.answers['GET export 200 cut'] = (report.answers['GET export 200 cut'] ?? 0) + 1;
          }
        } else {
          answer.text = await response.text();
        }
        status = judge('GET export', answer, [200, 429]);
      } catch (error) {
        status = judge('GET export', { error: describeError(error) }, []);
      }
      if (status !== 200) await sleep(PAUSE_AFTER_503_MS);
    }
  }

  const running = [
    unkeyedWriter(),
    unkeyedWriter(),
    keyedWriter(),
    keyedWriter(),
    patchWriter(options.patchIds.filter((_, i) => i % 2 === 0)),
    patchWriter(options.patchIds.filter((_, i) => i % 2 === 1)),
    exportReader(),
  ];

  return {
    async stop() {
      stopping = true;
      giveUpAt = Date.now() + (options.retryForMs ?? 10_000);
      await Promise.all(running);
      return report;
    },
  };
}
