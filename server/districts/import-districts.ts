import type { Readable } from 'node:stream';
import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import {
  CREATE_DISTRICT_INPUT,
  REASSIGN_INCIDENT_DISTRICTS,
  REASSIGN_RESPONSE_DISTRICTS,
  REPAIR_DISTRICT_INPUT,
  SELECT_DISTRICT_INPUT_CHECKS,
  UPSERT_DISTRICTS,
} from './districts.queries.js';
import { readDistrictFeatures, type RejectedFeature } from './read-district-features.js';

export { DistrictFileError } from './read-district-features.js';

export interface ImportDistrictsOptions {
  /** The feature property that holds the district's name (names are unique). */
  nameProperty: string;
  /** Where the shapes come from, e.g. the file name; stored with each district. */
  source: string;
}

export interface DistrictImportReport {
  features: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Invalid shapes that ST_MakeValid repaired, with PostGIS's reason. */
  repaired: { position: number; name: string; reason: string }[];
  /** Features not imported: other geometry types, no name, or a shape beyond repair. */
  rejected: RejectedFeature[];
  /** Incidents whose district changed with this import. */
  incidentsReassigned: number;
}

async function readAll(input: string | Readable | AsyncIterable<string | Buffer>) {
  if (typeof input === 'string') return input;
  const chunks: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Loads districts from a GeoJSON FeatureCollection: upserts by name (a re-import replaces the
 * shape) and moves the incidents whose district changes, all in one transaction.
 */
export async function importDistricts(
  pool: pg.Pool,
  input: string | Readable | AsyncIterable<string | Buffer>,
  options: ImportDistrictsOptions,
): Promise<DistrictImportReport> {
  const { features, rejected } = readDistrictFeatures(await readAll(input), options.nameProperty);
  const total = features.length + rejected.length;
  return withTransaction(pool, async (client) => {
    await client.query(CREATE_DISTRICT_INPUT, [
      features.map((f) => f.position),
      features.map((f) => f.name),
      features.map((f) => f.geometry),
    ]);
    await client.query(REPAIR_DISTRICT_INPUT);
    const checks = await client.query<{
      position: number;
      name: string;
      was_valid: boolean;
      invalid_reason: string | null;
      unusable: boolean;
    }>(SELECT_DISTRICT_INPUT_CHECKS);
    const repaired: DistrictImportReport['repaired'] = [];
    const unusable: RejectedFeature[] = [];
    for (const row of checks.rows) {
      const reason = row.invalid_reason ?? 'invalid';
      if (row.unusable) unusable.push({ position: row.position, name: row.name, reason });
      else if (!row.was_valid) repaired.push({ position: row.position, name: row.name, reason });
    }
    const upserted = await client.query<{ name: string; inserted: boolean }>(UPSERT_DISTRICTS, [
      options.source,
    ]);
    const inserted = upserted.rows.filter((row) => row.inserted).length;
    const updated = upserted.rows.length - inserted;
    const reassigned =
      upserted.rows.length > 0 ? await client.query(REASSIGN_INCIDENT_DISTRICTS) : null;
    if (upserted.rows.length > 0) await client.query(REASSIGN_RESPONSE_DISTRICTS);
    return {
      features: total,
      inserted,
      updated,
      unchanged: features.length - unusable.length - upserted.rows.length,
      repaired,
      rejected: [...rejected, ...unusable].sort((a, b) => a.position - b.position),
      incidentsReassigned: reassigned?.rowCount ?? 0,
    };
  });
}
