import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WithholdingReason } from '../../shared/audit/chain.js';
import { RECORD_ENTITY } from '../../shared/layers/record.js';
import { InvalidRequestError } from '../errors.js';
import type { RecordWriter } from '../record/record-writer.js';
import type { NewEvent } from '../record/events.js';
import {
  LOCK_CHAIN_HEAD,
  SELECT_EVENTS_TO_WITHHOLD,
  SELECT_WITHHOLDABLE_OF_ENTITY,
} from './withholding.queries.js';

/**
 * Withholding a public part: the part is erased and served as `withheld` with its hash, so the
 * chain still verifies; the withholding is itself an event, naming the events and the reason,
 * never what they said. Rules (README, "The public record"):
 * - policy_coarsened: an incident's visibility became coarser (recategorised to a more
 *   sensitive category): every earlier public part of it goes, so that the record, taken
 *   whole, shows no more than its coarsest cell. Done by the write that coarsens it.
 * - erasure (a data-protection erasure) and court_order: by an operator, for named events
 *   (`npm run record:withhold`).
 */

/**
 * The ids of an entity's events whose public parts are still served. Call it while holding the
 * entity's row lock, so that no event about it is appended in between.
 */
export async function withholdableEvents(
  client: pg.PoolClient,
  entity: string,
  entityId: string,
): Promise<number[]> {
  const result = await client.query<{ id: number }>(SELECT_WITHHOLDABLE_OF_ENTITY, [
    entity,
    entityId,
  ]);
  return result.rows.map((row) => row.id);
}

export function withholdingEvent(
  events: readonly number[],
  reason: WithholdingReason,
  privateNote: Record<string, unknown>,
): NewEvent {
  return {
    type: 'record.withheld' satisfies keyof typeof RECORD_ENTITY.events,
    entity: RECORD_ENTITY.entity,
    entityId: randomUUID(),
    identified: false,
    public: { events, reason },
    private: privateNote,
    withholds: { events, reason },
  };
}

interface EventState {
  id: number;
  chain_version: number;
  erased: boolean;
}

/** Withholds the public parts of the named events, for an erasure or a court order. */
export async function withholdEvents(
  records: RecordWriter,
  request: { events: readonly number[]; reason: WithholdingReason; note: string },
): Promise<{ withholdingEventId: number }> {
  const ids = [...new Set(request.events)].sort((a, b) => a - b);
  if (ids.length === 0) throw new InvalidRequestError('name at least one event to withhold');
  const { appended } = await records.transact(async (session) => {
    await session.db.query(LOCK_CHAIN_HEAD);
    const found = await session.db.query<EventState>(SELECT_EVENTS_TO_WITHHOLD, [ids]);
    const byId = new Map(found.rows.map((row) => [row.id, row]));
    for (const id of ids) {
      const state = byId.get(id);
      if (!state) throw new InvalidRequestError(`event ${id} does not exist`);
      if (state.chain_version !== 2) {
        throw new InvalidRequestError(
          `event ${id} is of chain version 1, whose hash covers its public part: it cannot be withheld`,
        );
      }
      if (state.erased) throw new InvalidRequestError(`event ${id} is withheld already`);
    }
    return {
      result: undefined,
      events: [withholdingEvent(ids, request.reason, { note: request.note })],
    };
  });
  const [withholding] = appended;
  if (!withholding) throw new Error('the withholding event was not appended');
  return { withholdingEventId: withholding.id };
}
