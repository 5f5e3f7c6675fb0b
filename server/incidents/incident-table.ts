import type { CategorySlug, PublicPolicy } from '../../shared/categories.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import { defineTable, pointColumn, valueColumn } from '../record/table.js';
import type { IncidentRow } from './incident-row.js';

/** An incident as it is written: every rule (times, policy, geomask, redaction) applied. */
export interface IncidentRecord {
  id: string;
  category: CategorySlug;
  priority: number;
  status: IncidentStatus;
  visibility: PublicPolicy;
  source: string;
  /** ISO 8601 times, at millisecond precision. */
  occurredAt: string;
  reportedAt: string;
  createdAt: string;
  updatedAt: string;
  publicSummary: string;
  /** The generalised point, or null where the policy shows none. */
  publicLocation: { lon: number; lat: number } | null;
  /** The district of the public point (server/privacy/place-description.ts). */
  publicDistrict: string | null;
  /** The source's block generalised, where the `point` policy shows it. */
  publicBlock: string | null;
  /** The place in words: "near 5XX Homer St, Downtown", or the district alone. */
  publicPlace: string | null;
  summary: string;
  externalRef: string | null;
  location: { lon: number; lat: number };
}

/** A record before its district is looked up (server/incidents/incident-places.ts). */
export type UnplacedRecord = Omit<IncidentRecord, 'publicDistrict' | 'publicPlace'>;

/**
 * The incidents table. Public reads select only the public columns (`public_location`,
 * `public_summary`, …); the exact place, the full text and the external reference are private.
 * Where, when and from whom an incident came is fixed when it is written; a change writes the
 * rest. A row whose (source, external_ref) is stored already is skipped, not an error.
 */
export const incidentsTable = defineTable<IncidentRecord>({
  name: 'incidents',
  key: 'id',
  skipDuplicatesOn: ['source', 'external_ref'],
  columns: [
    valueColumn('id', 'uuid', (r) => r.id),
    valueColumn('category', 'text', (r) => r.category),
    valueColumn('priority', 'smallint', (r) => r.priority),
    valueColumn('status', 'text', (r) => r.status),
    valueColumn('visibility', 'text', (r) => r.visibility),
    valueColumn('source', 'text', (r) => r.source, { fixed: true }),
    valueColumn('occurred_at', 'timestamptz', (r) => r.occurredAt, { fixed: true }),
    valueColumn('reported_at', 'timestamptz', (r) => r.reportedAt, { fixed: true }),
    valueColumn('created_at', 'timestamptz', (r) => r.createdAt, { fixed: true }),
    valueColumn('updated_at', 'timestamptz', (r) => r.updatedAt),
    valueColumn('public_summary', 'text', (r) => r.publicSummary),
    pointColumn('public_location', 'public', (r) => r.publicLocation, { nullable: true }),
    valueColumn('public_district', 'text', (r) => r.publicDistrict),
    valueColumn('public_block', 'text', (r) => r.publicBlock),
    valueColumn('public_place', 'text', (r) => r.publicPlace),
    valueColumn('summary', 'text', (r) => r.summary, { private: true }),
    valueColumn('external_ref', 'text', (r) => r.externalRef, { private: true, fixed: true }),
    pointColumn('location', 'exact', (r) => r.location, { private: true, fixed: true }),
    // Written by server/appeals alone (an incident is created without one).
    valueColumn('public_appeal', 'jsonb', () => null, { fixed: true }),
  ],
});

/** The row a record becomes once written (its events are made before the insert). */
export function rowOfRecord(record: IncidentRecord): IncidentRow {
  return {
    id: record.id,
    category: record.category,
    priority: record.priority,
    status: record.status,
    visibility: record.visibility,
    source: record.source,
    public_summary: record.publicSummary,
    summary: record.summary,
    occurred_at: new Date(record.occurredAt),
    reported_at: new Date(record.reportedAt),
    created_at: new Date(record.createdAt),
    updated_at: new Date(record.updatedAt),
    public_lon: record.publicLocation?.lon ?? null,
    public_lat: record.publicLocation?.lat ?? null,
    public_district: record.publicDistrict,
    public_block: record.publicBlock,
    public_place: record.publicPlace,
    exact_lon: record.location.lon,
    exact_lat: record.location.lat,
    external_ref: record.externalRef,
  };
}

/** The record of a row read with every column (the private ones included). */
export function recordOfRow(row: IncidentRow): IncidentRecord {
  if (row.exact_lon === undefined || row.exact_lat === undefined || row.summary === undefined) {
    throw new Error('a record needs a row selected with every column');
  }
  return {
    id: row.id,
    category: row.category,
    priority: row.priority,
    status: row.status,
    visibility: row.visibility,
    source: row.source,
    occurredAt: row.occurred_at.toISOString(),
    reportedAt: row.reported_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publicSummary: row.public_summary,
    publicLocation:
      row.public_lon === null || row.public_lat === null
        ? null
        : { lon: row.public_lon, lat: row.public_lat },
    publicDistrict: row.public_district,
    publicBlock: row.public_block,
    publicPlace: row.public_place,
    summary: row.summary,
    externalRef: row.external_ref ?? null,
    location: { lon: row.exact_lon, lat: row.exact_lat },
  };
}
