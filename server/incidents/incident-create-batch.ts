import type { Settled } from '../db/batch-queue.js';
import { ExternalRefConflictError } from '../errors.js';
import type { RecordSession } from '../record/record-session.js';
import { sameContent, type CreateResult, type Prepared } from './incident-create-prepare.js';
import { incidentEvent } from './incident-events.js';
import { placeRecords } from './incident-places.js';
import { toDispatcherFeature, type IncidentRow } from './incident-row.js';
import { incidentsTable, rowOfRecord, type IncidentRecord } from './incident-table.js';
import { SELECT_BY_SOURCE_REFS } from './incidents.queries.js';

const sourceRef = (source: string, ref: string) => `${source}\u0000${ref}`;

async function existingBySourceRef(session: RecordSession, items: readonly Prepared[]) {
  if (items.length === 0) return new Map<string, IncidentRow>();
  const found = await session.db.query<IncidentRow>(SELECT_BY_SOURCE_REFS, [
    items.map((p) => p.record.source),
    items.map((p) => p.record.externalRef ?? ''),
  ]);
  return new Map(found.rows.map((row) => [sourceRef(row.source, row.external_ref ?? ''), row]));
}

/**
 * Writes prepared incidents with their created-events and answers each: 201 when inserted;
 * 200 with the stored incident when its externalRef exists already with the same content;
 * 409 when it differs.
 */
export async function writeIncidents(
  session: RecordSession,
  items: readonly Prepared[],
): Promise<Settled<CreateResult>[]> {
  // The districts go into the events, so they are looked up before the events are hashed.
  const records = await placeRecords(
    session.db,
    items.map((p) => p.record),
  );
  // The insert is one atomic statement: when it throws, nothing was written and a retry is safe.
  const inserted = new Map(
    (
      await session.insert<IncidentRow, IncidentRecord>(
        incidentsTable,
        records,
        records.map((record) => incidentEvent('incident.created', rowOfRecord(record), [])),
      )
    ).map((row) => [row.id, row]),
  );
  // After it, the rows are written; a failed look-up may only fail the items it was for.
  const lookup = await existingBySourceRef(
    session,
    items.filter((p) => !inserted.has(p.record.id)),
  ).then(
    (rows) => ({ ok: true as const, rows }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return items.map((p): Settled<CreateResult> => {
    const row = inserted.get(p.record.id);
    if (row) return { ok: true, value: { statusCode: 201, body: toDispatcherFeature(row) } };
    if (!lookup.ok) return { ok: false, error: lookup.error };
    const ref = p.record.externalRef ?? '';
    const found = lookup.rows.get(sourceRef(p.record.source, ref));
    return found && sameContent(found, p.request.input)
      ? { ok: true, value: { statusCode: 200, body: toDispatcherFeature(found) } }
      : { ok: false, error: new ExternalRefConflictError(ref) };
  });
}
