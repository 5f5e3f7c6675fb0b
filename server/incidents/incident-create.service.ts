import type pg from 'pg';
import { signalEventsCommitted } from '../audit/commit-signal.js';
import { BatchQueue, type Settled } from '../db/batch-queue.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { IdempotencyKeyReusedError } from '../errors.js';
import { scopeOf } from '../idempotency/idempotency.service.js';
import { writeBatch } from './incident-create-batch.js';
import {
  prepare,
  type CreateRequest,
  type CreateResult,
  type Prepared,
} from './incident-create-prepare.js';

export type { CreateRequest } from './incident-create-prepare.js';

/**
 * Creates incidents in one transaction. A request that fails its own rules fails alone; if the
 * transaction itself fails, each request is retried on its own so one bad row cannot sink the
 * others. Requests repeating an Idempotency-Key within the batch share the first one's answer.
 */
export async function createIncidents(
  pool: pg.Pool,
  requests: readonly CreateRequest[],
): Promise<Settled<CreateResult>[]> {
  const outcomes: Settled<CreateResult>[] = [];
  const now = new Date();
  const prepared: Prepared[] = [];
  const firstWithKey = new Map<string, Prepared>();
  const repeats: { index: number; first: Prepared; requestHash: string }[] = [];
  requests.forEach((request, index) => {
    try {
      const item = prepare(request, index, now);
      const first = item.keyed && firstWithKey.get(scopeOf(item.keyed));
      if (item.keyed && first) {
        repeats.push({ index, first, requestHash: item.keyed.requestHash });
        return;
      }
      if (item.keyed) firstWithKey.set(scopeOf(item.keyed), item);
      prepared.push(item);
    } catch (error) {
      outcomes[index] = { ok: false, error };
    }
  });

  try {
    const settled = await writeBatch(pool, prepared);
    settled.forEach((outcome, i) => {
      const item = prepared[i];
      if (item) outcomes[item.index] = outcome;
    });
    if (settled.some((outcome) => outcome.ok && outcome.value.statusCode === 201)) {
      signalEventsCommitted();
    }
  } catch (error) {
    // A lost or refused connection fails the whole batch, and each request answers 503: a retry
    // alone would find the database as unreachable, or (had the lost statement committed) write
    // an incident without a key a second time.
    const alone = prepared.length > 1 && !isDatabaseUnavailable(error);
    for (const item of prepared) {
      outcomes[item.index] = alone
        ? ((await createIncidents(pool, [item.request]))[0] ?? { ok: false, error })
        : { ok: false, error };
    }
  }

  for (const repeat of repeats) {
    const firstOutcome = outcomes[repeat.first.index];
    outcomes[repeat.index] =
      firstOutcome && repeat.requestHash === repeat.first.keyed?.requestHash
        ? firstOutcome
        : { ok: false, error: new IdempotencyKeyReusedError() };
  }
  return outcomes;
}

/** Creates one incident, alone in its transaction (scripts, tests, importers of single rows). */
export async function createIncident(pool: pg.Pool, request: CreateRequest): Promise<CreateResult> {
  const [outcome] = await createIncidents(pool, [request]);
  if (!outcome) throw new Error('no outcome for the request');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * The HTTP path: concurrent requests of this process share transactions (group commit), so the
 * chain lock and the WAL flush are paid once per batch rather than once per incident.
 */
export function incidentCreator(pool: pg.Pool): (request: CreateRequest) => Promise<CreateResult> {
  const queue = new BatchQueue<CreateRequest, CreateResult>((requests) =>
    createIncidents(pool, requests),
  );
  return (request) => queue.submit(request);
}
