import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGunzip, gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { importDistricts } from '../districts/import-districts.js';
import { createIncidents, type CreateRequest } from '../incidents/incident-create.service.js';
import type { RecordWriter } from '../record/record-writer.js';
import { seededRandom } from '../../shared/random.js';
import { demoStatus } from './demo-outcomes.js';
import { backfillDemoResponses, type DemoResponsePlan } from './demo-responses.js';
import { shiftIntoLastDays } from './demo-times.js';
import { toDemoThefts, type TheftRow } from './demo-thefts.js';
import { SELECT_IS_FRESH, TRANSFORM_UTM10N } from './demo.queries.js';
import { planResponse } from './response-plan.js';

export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));
const THEFTS_FILE = 'vancouver_thefts.csv.gz';
const DISTRICTS_FILE = 'vancouver_neighbourhoods.geojson.gz';
const BATCH = 500;
const DEMO_AUTHOR = { keyId: 'demo', source: 'demo' };
// The same responses on every load: the demo is the same map wherever it runs.
const RESPONSE_SEED = 2026;
// Thefts are reported by the public: an officer comes upon few of them.
const OFFICER_INITIATED_SHARE = 0.05;

export interface DemoLoadReport {
  districts: number;
  incidents: number;
  /** Of the incidents, those given their response's timeline so far. */
  responses: number;
  failed: number;
}

/** A fresh database: no incidents and no API keys yet (someone who made a key wants real data). */
export async function isFreshDatabase(pool: pg.Pool): Promise<boolean> {
  const result = await pool.query<{ fresh: boolean }>(SELECT_IS_FRESH);
  return result.rows[0]?.fresh === true;
}

async function toLonLat(pool: pg.Pool, points: readonly { x: number; y: number }[]) {
  const result = await pool.query<{ lon: number; lat: number }>(TRANSFORM_UTM10N, [
    points.map((p) => p.x),
    points.map((p) => p.y),
  ]);
  return result.rows;
}

/**
 * Loads the shipped Vancouver data through the normal write path (privacy rules, events): the
 * neighbourhoods as districts first, so that each incident gets its district, then the thefts,
 * dated into the last 7 days, each with the status its response would have reached by now
 * (demo-outcomes.ts): written with the incident, so its one event says so, dated then. Then the
 * responses themselves, each timeline as far as it has come (demo-responses.ts).
 */
export async function loadDemo(records: RecordWriter, now = new Date()): Promise<DemoLoadReport> {
  const { pool } = records;
  const districts = await importDistricts(
    pool,
    fs.createReadStream(`${DEMO_DIR}${DISTRICTS_FILE}`).pipe(createGunzip()),
    { nameProperty: 'name', source: 'demo' },
  );
  const rows = parse<TheftRow>(gunzipSync(fs.readFileSync(`${DEMO_DIR}${THEFTS_FILE}`)), {
    columns: true,
    skip_empty_lines: true,
  });
  const thefts = toDemoThefts(rows);
  const times = shiftIntoLastDays(
    thefts.map((theft) => theft.occurredAt),
    now,
  );
  const places = await toLonLat(pool, thefts);
  const random = seededRandom(RESPONSE_SEED);
  const plans: DemoResponsePlan[] = [];
  let incidents = 0;
  let failed = 0;
  for (let start = 0; start < thefts.length; start += BATCH) {
    const requests: CreateRequest[] = thefts.slice(start, start + BATCH).map((theft, i) => {
      const place = places[start + i];
      const occurredAt = times[start + i];
      if (!place || !occurredAt) throw new Error('a demo row lost its place or time');
      const externalRef = `vpd-thefts-line-${theft.line}`;
      const plan = planResponse(theft.priority, random, {
        officerInitiatedShare: OFFICER_INITIATED_SHARE,
      });
      plans.push({ externalRef, occurredAt, plan });
      return {
        author: DEMO_AUTHOR,
        input: {
          category: theft.category,
          priority: theft.priority,
          summary: theft.summary,
          location: { lon: place.lon, lat: place.lat },
          ...(theft.block === undefined ? {} : { block: theft.block }),
          occurredAt: occurredAt.toISOString(),
          reportedAt: occurredAt.toISOString(),
          externalRef,
        },
        idempotencyKey: undefined,
        request: undefined,
        knownStatus: demoStatus(occurredAt, plan, now),
      };
    });
    for (const outcome of await createIncidents(records, requests)) {
      if (outcome.ok) incidents += 1;
      else failed += 1;
    }
  }
  const responses = await backfillDemoResponses(records, plans, now);
  return { districts: districts.inserted + districts.updated, incidents, responses, failed };
}
