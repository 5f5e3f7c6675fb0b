import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ErasureReason } from '../../shared/audit/chain.js';
import { RECORD_ENTITY } from '../../shared/layers/record.js';
import { withholdingEvent } from '../audit/withholding.service.js';
import { LOCK_CHAIN_HEAD } from '../audit/withholding.queries.js';
import { changeObservation } from '../observations/observation-state.js';
import type { NewEvent } from '../record/events.js';
import type { RecordSession } from '../record/record-session.js';
import type { RecordWriter } from '../record/record-writer.js';
import {
  ERASE_OBSERVATION_ROWS,
  LOCK_ERASABLE_OBSERVATIONS,
  LOCK_ERASABLE_OBSERVATIONS_SKIP_LOCKED,
  SELECT_GROUPS_OF,
  SELECT_ERASABLE_EVENTS,
  SELECT_WITHHOLDABLE_EVENTS,
} from './erasure.queries.js';

/**
 * Personal data has an end (issue 12, part 6; GDPR Art. 5(1)(e) storage limitation and Art. 17
 * right to erasure). Erasing an observation:
 * - nulls its exact place, its text as written and who reported it, and sets `erased_at`; the
 *   public fields (kind, generalised place, time, moderated text) stay;
 * - erases the private parts of every event about it: the chain keeps their hashes, so it still
 *   verifies from genesis, and a `record.erased` event says which and why, never what;
 * - at the reporter's request, also takes the report off the public map and withholds (reason
 *   'erasure') the public parts of its events and of its group's earlier events (a group's
 *   item may have shown its moderated text): the reporter asked for it to be gone, not only
 *   for its exact place to be. The group's item as it is now is published again without it.
 */

type Client = RecordSession<pg.PoolClient>;

/**
 * Takes erased reports off the public map: each becomes `erased` through the observation-state
 * service, whose `observation.updated` recomputes the group it was shown in (or retracts the
 * item). Called with the rows already erased, so the events' private parts carry no exact place
 * nor text.
 */
async function unpublish(session: Client, ids: readonly string[]): Promise<NewEvent[]> {
  const events: NewEvent[] = [];
  for (const id of ids) {
    // Its moderated text goes too: the reporter asked for the report to be gone.
    const changed = await changeObservation(session.db, id, () => ({
      moderation: 'erased',
      publicText: null,
    }));
    events.push(...changed.events);
  }
  return events;
}

export interface ErasureRequest {
  ids: readonly string[];
  reason: ErasureReason;
  /** Pass over rows another transaction holds (the retention job), rather than wait. */
  skipLocked?: boolean;
  now?: Date;
}

export interface ErasureResult {
  /** The observations erased now (those already erased, or locked elsewhere, are left out). */
  observations: string[];
  /** Events whose private parts were erased. */
  erasedEvents: number;
  withheldEvents: number;
}

export function erasureEvent(events: readonly number[], reason: ErasureReason): NewEvent {
  return {
    type: 'record.erased' satisfies keyof typeof RECORD_ENTITY.events,
    entity: RECORD_ENTITY.entity,
    entityId: randomUUID(),
    identified: false,
    public: { events, reason },
    private: {},
    erases: { events, reason },
  };
}

async function ids(session: Client, sql: string, parameters: unknown[]): Promise<number[]> {
  const result = await session.db.query<{ id: number }>(sql, parameters);
  return result.rows.map((row) => row.id);
}

/** The statements of one erasure, in the writer's transaction; the events come back to chain. */
export async function eraseInSession(
  session: Client,
  request: ErasureRequest,
): Promise<{ result: ErasureResult; events: NewEvent[] }> {
  const locked = await session.db.query<{ id: string }>(
    request.skipLocked ? LOCK_ERASABLE_OBSERVATIONS_SKIP_LOCKED : LOCK_ERASABLE_OBSERVATIONS,
    [[...new Set(request.ids)]],
  );
  const observations = locked.rows.map((row) => row.id);
  if (observations.length === 0) {
    return { result: { observations, erasedEvents: 0, withheldEvents: 0 }, events: [] };
  }
  const now = request.now ?? new Date();
  const byReporter = request.reason === 'reporter_request';
  const groups = byReporter
    ? (await session.db.query<{ group_id: string }>(SELECT_GROUPS_OF, [observations])).rows.map(
        (row) => row.group_id,
      )
    : [];
  await session.db.query(ERASE_OBSERVATION_ROWS, [observations, now]);
  const unpublishing = byReporter ? await unpublish(session, observations) : [];
  // The head lock every append takes, taken before reading which events to erase: no event
  // about these observations can be chained between that read and this erasure.
  await session.db.query(LOCK_CHAIN_HEAD);
  const erasable = await ids(session, SELECT_ERASABLE_EVENTS, [observations]);
  const withholdable = byReporter
    ? await ids(session, SELECT_WITHHOLDABLE_EVENTS, [observations, groups])
    : [];
  const events: NewEvent[] = [...unpublishing];
  if (withholdable.length > 0) {
    events.push(withholdingEvent(withholdable, 'erasure', { note: 'reporter_request' }));
  }
  if (erasable.length > 0) events.push(erasureEvent(erasable, request.reason));
  return {
    result: {
      observations,
      erasedEvents: erasable.length,
      withheldEvents: withholdable.length,
    },
    events,
  };
}

/** Erases the named observations' personal data in one transaction. */
export async function eraseObservations(
  records: RecordWriter,
  request: ErasureRequest,
): Promise<ErasureResult> {
  const { result } = await records.transact((session) => eraseInSession(session, request));
  return result;
}
