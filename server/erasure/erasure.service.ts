import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ErasureReason } from '../../shared/audit/chain.js';
import { RECORD_ENTITY } from '../../shared/layers/record.js';
import { withholdingEvent } from '../audit/withholding.service.js';
import { LOCK_CHAIN_HEAD } from '../audit/withholding.queries.js';
import type { NewEvent } from '../record/events.js';
import type { RecordSession } from '../record/record-session.js';
import type { RecordWriter } from '../record/record-writer.js';
import {
  ERASE_OBSERVATION_ROWS,
  LOCK_ERASABLE_OBSERVATIONS,
  LOCK_ERASABLE_OBSERVATIONS_SKIP_LOCKED,
  MARK_OBSERVATIONS_ERASED,
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
 * - at the reporter's request, also withholds the public parts of those events (reason
 *   'erasure') and takes the item off the public map: the reporter asked for it to be gone,
 *   not only for its exact place to be.
 */

type Client = RecordSession<pg.PoolClient>;

/**
 * Events that take erased observations off the public map (`observation.updated`, not shown),
 * built by the observation-state service of the observations layer, which knows how a group
 * of corroborating reports is shown. Called with the rows locked and already erased.
 */
export type UnpublishObservations = (
  session: Client,
  ids: readonly string[],
) => Promise<readonly NewEvent[]>;

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
  unpublish: UnpublishObservations,
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
  await session.db.query(ERASE_OBSERVATION_ROWS, [observations, now]);
  const byReporter = request.reason === 'reporter_request';
  if (byReporter) await session.db.query(MARK_OBSERVATIONS_ERASED, [observations]);
  const unpublishing = byReporter ? [...(await unpublish(session, observations))] : [];
  // The head lock every append takes, taken before reading which events to erase: no event
  // about these observations can be chained between that read and this erasure.
  await session.db.query(LOCK_CHAIN_HEAD);
  const erasable = await ids(session, SELECT_ERASABLE_EVENTS, [observations]);
  const withholdable = byReporter
    ? await ids(session, SELECT_WITHHOLDABLE_EVENTS, [observations])
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
  unpublish: UnpublishObservations,
): Promise<ErasureResult> {
  const { result } = await records.transact((session) =>
    eraseInSession(session, request, unpublish),
  );
  return result;
}
