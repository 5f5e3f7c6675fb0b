import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { IncidentCreate, IncidentFeature } from '../../shared/schemas/incident.js';
import { signalEventsCommitted } from '../audit/commit-signal.js';
import { prepareEvents } from '../audit/events.service.js';
import { BatchQueue, type Settled } from '../db/batch-queue.js';
import { withTransaction } from '../db/transaction.js';
import { ExternalRefConflictError, IdempotencyKeyReusedError } from '../errors.js';
import {
  claimKeys,
  requestHash,
  scopeOf,
  settleKeys,
  storedAnswers,
  type KeyedWrite,
  type WriteResult,
} from '../idempotency/idempotency.service.js';
import { publicLocation } from '../privacy/geomask.js';
import { redactText } from '../privacy/redact-text.js';
import { incidentEvent } from './incident-events.js';
import { toDispatcherFeature, type IncidentRow } from './incident-row.js';
import { normaliseTimes, policyOf, type Author } from './incident-rules.js';
import { INSERT_INCIDENTS_WITH_EVENTS, SELECT_BY_SOURCE_REFS } from './incidents.queries.js';

export interface CreateRequest {
  author: Author;
  input: IncidentCreate;
  idempotencyKey: string | undefined;
  /** What the client asked (method, path, body): an Idempotency-Key is bound to it. */
  request: unknown;
}

type CreateResult = WriteResult<IncidentFeature>;

interface Prepared {
  index: number;
  request: CreateRequest;
  keyed: KeyedWrite | undefined;
  id: string;
  createdAt: string;
  occurredAt: string;
  reportedAt: string;
  visibility: ReturnType<typeof policyOf>;
  publicLon: number | null;
  publicLat: number | null;
  publicSummary: string;
}

/** Applies the rules that need no database: times, policy, geomask, redaction. */
function prepare(request: CreateRequest, index: number, now: Date): Prepared {
  const { input, author, idempotencyKey } = request;
  const times = normaliseTimes(input, now);
  const visibility = policyOf(input.category);
  const masked = publicLocation(input.location, visibility);
  return {
    index,
    request,
    keyed:
      idempotencyKey === undefined
        ? undefined
        : {
            principal: author.keyId,
            key: idempotencyKey,
            requestHash: requestHash(request.request),
          },
    id: uuidv7(),
    createdAt: now.toISOString(),
    ...times,
    visibility,
    publicLon: masked?.lon ?? null,
    publicLat: masked?.lat ?? null,
    publicSummary: redactText(input.summary),
  };
}

function sameContent(row: IncidentRow, input: IncidentCreate): boolean {
  return (
    row.category === input.category &&
    row.priority === input.priority &&
    row.summary === input.summary &&
    row.exact_lon === input.location.lon &&
    row.exact_lat === input.location.lat &&
    (input.occurredAt === undefined ||
      row.occurred_at.getTime() === new Date(input.occurredAt).getTime())
  );
}

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

/** The row an item will be once inserted: its created-event is hashed before the insert. */
function asRow(p: Prepared): IncidentRow {
  const { input, author } = p.request;
  const createdAt = new Date(p.createdAt);
  return {
    id: p.id,
    category: input.category,
    priority: input.priority,
    status: 'open',
    visibility: p.visibility,
    source: author.source,
    public_summary: p.publicSummary,
    summary: input.summary,
    occurred_at: new Date(p.occurredAt),
    reported_at: new Date(p.reportedAt),
    created_at: createdAt,
    updated_at: createdAt,
    public_lon: p.publicLon,
    public_lat: p.publicLat,
    exact_lon: input.location.lon,
    exact_lat: input.location.lat,
    external_ref: input.externalRef ?? null,
  };
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
async function writeBatch(
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
    for (const item of prepared) {
      outcomes[item.index] =
        prepared.length === 1
          ? { ok: false, error }
          : ((await createIncidents(pool, [item.request]))[0] ?? { ok: false, error });
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
