import type pg from 'pg';
import type { IncidentRecord } from '../incidents/incident-table.js';
import type { NewEvent } from '../record/events.js';
import type { Table } from '../record/table.js';
import { importedResponseEvent } from './response-import-events.js';
import {
  importedResponsesTable,
  importedResponseStepsTable,
  type ResponseRecord,
  type ResponseStepRecord,
} from './response-tables.js';

/** Rows per INSERT … FROM unnest: the embedded database takes no COPY (DESIGN.md). */
const INSERT_CHUNK_ROWS = 1000;

/** Inserts rows by chunks; returns the keys of those inserted (duplicates are skipped). */
export async function insertRows<Row>(
  client: pg.PoolClient,
  table: Table<Row>,
  rows: readonly Row[],
): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
    const result = await client.query<Record<string, unknown>>(
      table.sql.insertKeys,
      table.parameters(chunk),
    );
    for (const row of result.rows) keys.add(String(row[table.key]));
  }
  return keys;
}

/** A whole response to write: its steps, and its incident as stored (null: no place). */
export interface WholeResponse {
  response: ResponseRecord;
  steps: readonly ResponseStepRecord[];
  incident: IncidentRecord | null;
}

export interface WrittenResponses {
  written: WholeResponse[];
  steps: number;
  /** One `response.created` per response written: chain them last, before COMMIT. */
  events: NewEvent[];
}

/**
 * Writes responses whose timelines are known whole (an import, the demo's past), in the
 * caller's transaction: the responses (a (source, external_ref) stored already is skipped),
 * the steps of those written, and their events, returned to be chained.
 */
export async function writeWholeResponses(
  client: pg.PoolClient,
  items: readonly WholeResponse[],
): Promise<WrittenResponses> {
  const ids = await insertRows(
    client,
    importedResponsesTable,
    items.map((item) => item.response),
  );
  const written = items.filter((item) => ids.has(item.response.id));
  const steps = written.flatMap((item) => item.steps);
  await insertRows(client, importedResponseStepsTable, steps);
  return {
    written,
    steps: steps.length,
    events: written.map((item) => importedResponseEvent(item.response, item.incident)),
  };
}
