import type pg from 'pg';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import { prepareEvents } from '../audit/events.service.js';
import type { Settled } from '../db/batch-queue.js';
import { withTransaction } from '../db/transaction.js';
import { ExternalRefConflictError, IdempotencyKeyReusedError } from '../errors.js';
import {
  claimKeys,
  scopeOf,
  settleKeys,
  storedAnswers,
  type KeyedWrite,
} from '../idempotency/idempotency.service.js';
import { asRow, sameContent, type CreateResult, type Prepared } from './incident-create-prepare.js';
import { incidentEvent } from './incident-events.js';
import { toDispatcherFeature, type IncidentRow } from './incident-row.js';
import { INSERT_INCIDENTS_WITH_EVENTS, SELECT_BY_SOURCE_REFS } from './incidents.queries.js';

const sourceRef = (source: string, ref: string) => `${source}\u0000${ref}`;

/** Inserts the rows and chains the created-events of those inserted, in one statement. */
async function insertWithEvents(db: pg.Pool | pg.PoolClient, items: readonly Prepared[]) {
  if (items.length === 0) return new Map<string, IncidentRow>();
  const column = <T>(pick: (item: Prepared) => T) => items.map(pick);
  const inserted = await db.query<IncidentRow>(INSERT_INCIDENTS_WITH_EVENTS, [
    column((p) => p.id),
    column((p) => p.request.input.category),
    column((p) => p.request.input.priority),
    column((p) => p.request.input.summary),
    column((p) => p.publicSummary),
    column((p) => p.occurredAt),
    column((p) => p.reportedAt),
    column((p) => p.request.input.location.lon),
    column((p) => p.request.input.location.lat),
    column((p) => p.visibility),
    column((p) => p.publicLon),
    column((p) => p.publicLat),
    column((p) => p.request.author.source),
    column((p) => p.request.input.externalRef ?? null),
    column((p) => p.createdAt),
    JSON.stringify(
      prepareEvents(items.map((p) => incidentEvent('incident.created', asRow(p), []))),
    ),
  ]);
  return new Map(inserted.rows.map((row) => [row.id, row]));
}

async function existingBySourceRef(db: pg.Pool | pg.PoolClient, items: readonly Prepared[]) {
  if (items.length === 0) return new Map<string, IncidentRow>();
  const found = await db.query<IncidentRow>(SELECT_BY_SOURCE_REFS, [
    items.map((p) => p.request.author.source),
    items.map((p) => p.request.input.externalRef ?? ''),
  ]);
  return new Map(found.rows.map((row) => [sourceRef(row.source, row.external_ref ?? ''), row]));
}

/**
 * Writes the items and returns what each one gets: 201 when inserted; 200 with the stored
 * incident when its externalRef exists already with the same content; 409 when it differs.
 */
async function insertAndAnswer(
  db: pg.Pool | pg.PoolClient,
  items: readonly Prepared[],
): Promise<Map<Prepared, Settled<CreateResult>>> {
  const outcomes = new Map<Prepared, Settled<CreateResult>>();
  // The insert is one atomic statement: when it throws, nothing was written and a retry is safe.
  const inserted = await insertWithEvents(db, items);
  // After it, the rows are written; a failed look-up may only fail the items it was for.
  const lookup = await existingBySourceRef(
    db,
    items.filter((p) => !inserted.has(p.id)),
  ).then(
    (rows) => ({ ok: true as const, rows }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  for (const p of items) {
    const row = inserted.get(p.id);
    if (row) {
      outcomes.set(p, { ok: true, value: { statusCode: 201, body: toDispatcherFeature(row) } });
      continue;
    }
    if (!lookup.ok) {
      outcomes.set(p, { ok: false, error: lookup.error });
      continue;
    }
    const existing = lookup.rows;
    const ref = p.request.input.externalRef ?? '';
    const found = existing.get(sourceRef(p.request.author.source, ref));
    outcomes.set(
      p,
      found && sameContent(found, p.request.input)
        ? { ok: true, value: { statusCode: 200, body: toDispatcherFeature(found) } }
        : { ok: false, error: new ExternalRefConflictError(ref) },
    );
  }
  return outcomes;
}

/** A batch with Idempotency-Keys: claim them, write, store the answers, all in one transaction. */
async function writeKeyedBatch(
  client: pg.PoolClient,
  prepared: readonly Prepared[],
): Promise<Map<Prepared, Settled<CreateResult>>> {
  const keyed = prepared.filter((p) => p.keyed !== undefined);
  const keyOf = (p: Prepared) => p.keyed as KeyedWrite;
  const claimed = await claimKeys(client, keyed.map(keyOf));
  const usedBefore = keyed.filter((p) => !claimed.has(scopeOf(keyOf(p))));
  const answers = await storedAnswers(client, usedBefore.map(keyOf));
  const replays = new Map<Prepared, Settled<CreateResult>>();
  for (const p of usedBefore) {
    const answer = answers.get(scopeOf(keyOf(p)));
    replays.set(
      p,
      answer && answer.requestHash === p.keyed?.requestHash
        ? {
            ok: true,
            value: { statusCode: answer.statusCode, body: answer.body as IncidentFeature },
          }
        : { ok: false, error: new IdempotencyKeyReusedError() },
    );
  }
  const outcomes = await insertAndAnswer(
    client,
    prepared.filter((p) => !replays.has(p)),
  );
  const settled = keyed.filter((p) => claimed.has(scopeOf(keyOf(p))));
  await settleKeys(
    client,
    settled.flatMap((p) => {
      const outcome = outcomes.get(p);
      return outcome?.ok ? [{ ...keyOf(p), ...outcome.value }] : [];
    }),
    settled.filter((p) => !outcomes.get(p)?.ok).map(keyOf),
  );
  return new Map([...replays, ...outcomes]);
}

/** Without keys a batch is one statement in its own implicit transaction. */
export async function writeBatch(
  pool: pg.Pool,
  prepared: readonly Prepared[],
): Promise<Settled<CreateResult>[]> {
  const outcomes = prepared.some((p) => p.keyed !== undefined)
    ? await withTransaction(pool, (client) => writeKeyedBatch(client, prepared))
    : await insertAndAnswer(pool, prepared);
  return prepared.map(
    (p) => outcomes.get(p) ?? { ok: false, error: new Error('no outcome for a batch item') },
  );
}
