import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import type { CategorySlug, PublicPolicy } from '../../shared/categories.js';
import type { Random } from '../../shared/random.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import type { IncidentCreate } from '../../shared/schemas/incident.js';
import type { IncidentRow } from '../../server/incidents/incident-row.js';
import { policyOf } from '../../server/incidents/incident-rules.js';
import {
  incidentsTable,
  rowOfRecord,
  type IncidentRecord,
} from '../../server/incidents/incident-table.js';
import { publicLocation } from '../../server/privacy/geomask.js';
import { describePlace, generaliseBlock } from '../../server/privacy/place-description.js';
import { redactText } from '../../server/privacy/redact-text.js';
import { copyLine } from '../../server/record/copy-text.js';

/**
 * Incidents for tests and benchmarks, in the shapes they are written in: the body a client
 * sends to POST /api/v1/incidents, and the record the incidents table holds (the row the
 * record writer stores, every rule applied), written in bulk through the table's own columns.
 */

export interface Place {
  lon: number;
  lat: number;
}

/** Central Chicago, where an incident falls unless a test says otherwise. */
export const CENTRAL_CHICAGO: Place = { lon: -87.6298, lat: 41.8781 };

let sequence = 0;

/**
 * A valid body near central Chicago, each a little apart from the one before; override what a
 * test is about (even wrongly).
 */
export function incidentBody(overrides: Record<string, unknown> = {}): IncidentCreate {
  sequence += 1;
  return {
    category: 'theft',
    priority: 3,
    summary: `Bicycle taken from a rack, report ${sequence}`,
    location: {
      lon: CENTRAL_CHICAGO.lon + (sequence % 50) * 0.0007,
      lat: CENTRAL_CHICAGO.lat + (sequence % 37) * 0.0005,
    },
    ...overrides,
  };
}

/** A valid body at a place (tests pick places far from each other's). */
export function incidentAt(place: Place, overrides: Partial<IncidentCreate> = {}): IncidentCreate {
  return incidentBody({ location: { lon: place.lon, lat: place.lat }, ...overrides });
}

/** Valid slugs of every public policy, as a dispatch feed sends them. */
const VARIED_CATEGORIES: readonly CategorySlug[] = [
  'theft', // point
  'traffic', // point
  'criminal-damage', // point
  'vehicle-crime', // point
  'burglary', // coarse
  'violence', // coarse
  'stalking-harassment', // aggregate
  'domestic-abuse', // hidden
];

const VARIED_SUMMARIES = [
  'Bicycle taken from a rack outside the library',
  'Two-car collision at the intersection, lane blocked',
  'Window of a parked car smashed, bag taken',
  'Caller reports a break-in at a ground-floor flat',
  'Graffiti on the wall of the community centre',
  'Neighbour reports shouting and a door slammed repeatedly',
  'Shop staff report a man threatening customers',
];

export interface Area {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The city of Chicago, roughly. */
export const CHICAGO: Area = { west: -87.94, south: 41.64, east: -87.52, north: 42.02 };

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const between = (low: number, high: number, random: Random) =>
  Math.round((low + random() * (high - low)) * 1e6) / 1e6;

/**
 * A body as varied as a dispatch feed's: a category of any public policy, a priority, a summary
 * naming a unit number, and a point anywhere in the area.
 */
export function variedIncidentBody(random: Random = Math.random, area = CHICAGO): IncidentCreate {
  return {
    category: pick(VARIED_CATEGORIES, random),
    priority: 1 + Math.floor(random() * 5),
    summary: `${pick(VARIED_SUMMARIES, random)} (unit ${Math.floor(random() * 900) + 100})`,
    location: {
      lon: between(area.west, area.east, random),
      lat: between(area.south, area.north, random),
    },
  };
}

export interface RecordOptions {
  location: Place;
  category?: CategorySlug;
  priority?: number;
  status?: IncidentStatus;
  summary?: string;
  source?: string;
  externalRef?: string | null;
  occurredAt?: Date;
  /** Defaults to occurredAt; createdAt and updatedAt default to reportedAt. */
  reportedAt?: Date;
  createdAt?: Date;
  id?: string;
  /**
   * For a row written under earlier rules: a policy the category has since left, a text an
   * earlier redaction wrote. By default, the category's policy and the summary redacted now.
   */
  visibility?: PublicPolicy;
  publicSummary?: string;
  /** The source's block text, and the district of the public point (not looked up here). */
  block?: string;
  district?: string;
}

// Redaction is the costly rule; rows in bulk repeat a few summaries.
const REDACTED_CACHE_LIMIT = 10_000;
const redacted = new Map<string, string>();

function redactedSummary(summary: string): string {
  let text = redacted.get(summary);
  if (text === undefined) {
    text = redactText(summary);
    if (redacted.size >= REDACTED_CACHE_LIMIT) redacted.clear();
    redacted.set(summary, text);
  }
  return text;
}

/**
 * An incident as the incidents table holds it, the rules of the write path applied: the
 * category's public policy, the geomask's public point and the redacted summary.
 */
export function incidentRecord(options: RecordOptions): IncidentRecord {
  const category = options.category ?? 'theft';
  const visibility = options.visibility ?? policyOf(category);
  const occurredAt = options.occurredAt ?? new Date();
  const reportedAt = options.reportedAt ?? occurredAt;
  const createdAt = (options.createdAt ?? reportedAt).toISOString();
  const summary = options.summary ?? 'Bicycle taken from a rack';
  return {
    id: options.id ?? uuidv7(),
    category,
    priority: options.priority ?? 3,
    status: options.status ?? 'open',
    visibility,
    source: options.source ?? 'test-cad',
    occurredAt: occurredAt.toISOString(),
    reportedAt: reportedAt.toISOString(),
    createdAt,
    updatedAt: createdAt,
    publicSummary: options.publicSummary ?? redactedSummary(summary),
    publicLocation: publicLocation(options.location, visibility),
    ...publicPlaceColumns(visibility, options),
    summary,
    externalRef: options.externalRef ?? null,
    location: { lon: options.location.lon, lat: options.location.lat },
  };
}

function publicPlaceColumns(visibility: PublicPolicy, options: RecordOptions) {
  const place = describePlace(visibility, generaliseBlock(options.block), options.district ?? null);
  return { publicDistrict: place.district, publicBlock: place.block, publicPlace: place.place };
}

/** The same incident as a read of the table with every column gives it. */
export function incidentRow(options: RecordOptions): IncidentRow {
  return rowOfRecord(incidentRecord(options));
}

/**
 * Writes records straight into the incidents table, without events (rows that exist before
 * the test or benchmark looks): COPY into the table's staging table and one INSERT … SELECT,
 * one transaction per `chunkRows`. Returns how many rows were inserted (a record whose
 * source and external reference are stored already is skipped).
 */
export async function insertIncidentRecords(
  pool: pg.Pool,
  records: Iterable<IncidentRecord>,
  options: { chunkRows?: number } = {},
): Promise<number> {
  const chunkRows = options.chunkRows ?? 20_000;
  const client = await pool.connect();
  let inserted = 0;
  try {
    await client.query(incidentsTable.sql.createStaging);
    let chunk: IncidentRecord[] = [];
    const flush = async () => {
      await client.query('BEGIN');
      try {
        const stream = client.query(copyFrom(incidentsTable.sql.copyIntoStaging));
        const finished = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
        });
        for (let start = 0; start < chunk.length; start += 500) {
          const lines = chunk
            .slice(start, start + 500)
            .map((record) => copyLine(incidentsTable.fields, record))
            .join('');
          if (!stream.write(lines)) await once(stream, 'drain');
        }
        stream.end();
        await finished;
        const result = await client.query(incidentsTable.sql.insertKeysFromStaging);
        inserted += result.rowCount ?? 0;
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      chunk = [];
    };
    for (const record of records) {
      chunk.push(record);
      if (chunk.length >= chunkRows) await flush();
    }
    if (chunk.length > 0) await flush();
    await client.query(incidentsTable.sql.dropStaging);
  } finally {
    client.release();
  }
  return inserted;
}
