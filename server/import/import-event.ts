import { createHash } from 'node:crypto';
import { IMPORTS_ENTITY } from '../../shared/layers/imports.js';
import type { NewEvent } from '../record/events.js';
import type { StagedRow } from './staged-row.js';

/** Not an incident: a record-only entity, which no layer streams (shared/layers/imports.ts). */
const IMPORT_EVENT_TYPE: keyof typeof IMPORTS_ENTITY.events = 'incidents.imported';

/**
 * The hash of a batch's inserted rows, as stored: anyone holding the rows (an auditor reading
 * the table, or the private part's id list) can recompute it. Rows sorted by id, each written
 * as the JSON array [id, source, externalRef, category, occurredAt, lon, lat, summary]
 * (JSON.stringify: fixed order and ECMAScript number formatting, the same as RFC 8785 for
 * these values), joined by newlines. An array rather than canonicalised objects: it is
 * computed for every imported row, and canonicalize costs several times more.
 */
export function rowsHash(source: string, rows: readonly StagedRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  hash.update(
    sorted
      .map((row) =>
        JSON.stringify([
          row.id,
          source,
          row.externalRef,
          row.category,
          row.occurredAt,
          row.location.lon,
          row.location.lat,
          row.summary,
        ]),
      )
      .join('\n'),
  );
  return hash.digest('hex');
}

/**
 * ONE event per imported batch, not one per row: it records publicly how many rows it holds,
 * and privately their ids and a hash of exactly those rows. Neither the id range nor the rows'
 * hash is public: a batch of one row would name a hidden incident, and the hash of rows whose
 * other fields are known could be searched for the exact coordinates.
 */
export function importBatchEvent(input: {
  importId: string;
  source: string;
  format: string;
  batch: number;
  rows: readonly StagedRow[];
}): NewEvent {
  const ids = input.rows.map((row) => row.id).sort();
  return {
    type: IMPORT_EVENT_TYPE,
    entity: IMPORTS_ENTITY.entity,
    entityId: input.importId,
    identified: true,
    public: {
      source: input.source,
      format: input.format,
      batch: input.batch,
      count: ids.length,
    },
    private: { ids, rowsHash: rowsHash(input.source, input.rows) },
  };
}
