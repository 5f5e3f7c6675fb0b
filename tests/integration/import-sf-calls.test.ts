import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../../shared/audit/chain.js';
import { readPublicEventsAfter } from '../../server/audit/events.service.js';
import { importDistricts } from '../../server/districts/import-districts.js';
import type { CallImportReport } from '../../server/import/call-import-report.js';
import { decompressIfGzip } from '../../server/import/input-stream.js';
import { runCallImport } from '../../server/import/run-call-import.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { openData } from '../support/fixtures.js';

// The whole export and the districts, unchanged (PDDL; tests/fixtures/open-data/README.md).
const CALLS_FILE = openData('sf_dispatched_calls_2026-01.csv.gz');
const DISTRICTS_FILE = openData('sf_police_districts.geojson');

type CsvRow = Record<string, string>;

/** The file as csv-parse reads it, without the importer's code. */
const rows = parse<CsvRow>(gunzipSync(readFileSync(CALLS_FILE)), { columns: true });
const TIME_COLUMNS = [
  'received_datetime',
  'dispatch_datetime',
  'enroute_datetime',
  'onscene_datetime',
  'close_datetime',
] as const;

/** Offset of America/Los_Angeles at a UTC instant, from Intl's own name for it ("GMT-08:00"). */
const LA_OFFSET_NAME = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  timeZoneName: 'longOffset',
});

function laOffset(utcMs: number): string {
  const name = LA_OFFSET_NAME.formatToParts(new Date(utcMs)).find(
    (part) => part.type === 'timeZoneName',
  )?.value;
  const match = /^GMT([+-]\d{2}:\d{2})$/.exec(name ?? '');
  if (!match?.[1]) throw new Error(`no offset in ${name ?? '(none)'}`);
  return match[1];
}

/** `2026/01/16 07:35:52 AM` in San Francisco, converted by hand and Intl. */
function sfInstant(text: string): number {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text);
  if (!m) throw new Error(`not an SF time: ${text}`);
  const hour = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0);
  const wall = `${m[1]}-${m[2]}-${m[3]}T${String(hour).padStart(2, '0')}:${m[5]}:${m[6]}`;
  // The offset at the wall time read as UTC is right away from the hours around a change.
  return Date.parse(`${wall}${laOffset(Date.parse(`${wall}Z`))}`);
}

const located = (row: CsvRow) => row.sensitive_call !== 'true' && row.intersection_point !== '';
const officerInitiated = (row: CsvRow) => row.onview_flag === 'Y' || row.onview_flag === 'HSOC';

/** The steps the file gives, less any earlier than the step kept before it. */
function expectedSteps(row: CsvRow): { kept: number; contradicted: number } {
  let last = -Infinity;
  let kept = 0;
  let contradicted = 0;
  for (const column of TIME_COLUMNS) {
    if (row[column] === '') continue;
    const at = sfInstant(row[column] ?? '');
    if (at < last) contradicted += 1;
    else {
      kept += 1;
      last = at;
    }
  }
  return { kept, contradicted };
}

let t: TestApp;
let report: CallImportReport;

async function importCalls(): Promise<CallImportReport> {
  return runCallImport(t.db.pool, {
    input: await decompressIfGzip(createReadStream(CALLS_FILE)),
    batchSize: 1000,
  });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const result = await t.db.pool.query<{ n: number }>(sql, params);
  return result.rows[0]?.n ?? -1;
}

beforeAll(async () => {
  t = await startTestApp();
  // Calls first: the districts' import then gives the responses their incidents' districts.
  report = await importCalls();
  await importDistricts(t.db.pool, createReadStream(DISTRICTS_FILE), {
    nameProperty: 'district',
    source: 'datasf',
  });
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('npm run import -- sf-calls: the real San Francisco export', () => {
  it('writes an incident per located call and a response per call, with its steps', async () => {
    const steps = rows.reduce((sum, row) => sum + expectedSteps(row).kept, 0);
    expect(rows).toHaveLength(3370);
    expect(report.read).toBe(3370);
    expect(report.skipped).toBe(0);
    expect(report.imported).toBe(3370);
    expect(
      await count(`SELECT count(*)::int AS n FROM incidents WHERE source = 'sf-dispatch'`),
    ).toBe(rows.filter(located).length);
    expect(await count('SELECT count(*)::int AS n FROM responses')).toBe(3370);
    expect(await count('SELECT count(*)::int AS n FROM responses WHERE incident_id IS NULL')).toBe(
      rows.filter((row) => !located(row)).length,
    );
    expect(await count('SELECT count(*)::int AS n FROM response_steps')).toBe(steps);
    expect(report.steps).toBe(steps);
  });

  it('marks as officer-initiated exactly the calls the file flags (Y and HSOC)', async () => {
    expect(await count('SELECT count(*)::int AS n FROM responses WHERE officer_initiated')).toBe(
      rows.filter(officerInitiated).length,
    );
    expect(await count('SELECT count(*)::int AS n FROM incidents WHERE officer_initiated')).toBe(
      rows.filter((row) => located(row) && officerInitiated(row)).length,
    );
  });

  it('maps A, B and C onto priorities 1, 2 and 3', async () => {
    const found = await t.db.pool.query<{ priority: number; n: number }>(
      'SELECT priority, count(*)::int AS n FROM responses GROUP BY priority ORDER BY priority',
    );
    const letters = ['A', 'B', 'C'].map((l) => rows.filter((r) => r.priority_final === l).length);
    expect(found.rows).toEqual(letters.map((n, i) => ({ priority: i + 1, n })));
  });

  it('reads the times as San Francisco wall-clock time', async () => {
    // A call from each day of the file, one from November, one cleared before its arrival.
    for (const id of ['37196704', '37181378', '37197024', '37210701', '37201100']) {
      const row = rows.find((r) => r.id === id);
      if (!row) throw new Error(`no row ${id}`);
      const stored = await t.db.pool.query<{ step: string; at: Date }>(
        `SELECT s.step, s.at FROM response_steps AS s JOIN responses AS r ON r.id = s.response_id
         WHERE r.source = 'sf-dispatch' AND r.external_ref = $1 ORDER BY s.seq`,
        [id],
      );
      const steps = Object.fromEntries(stored.rows.map((s) => [s.step, s.at.getTime()]));
      expect(steps.received, id).toBe(sfInstant(row.received_datetime ?? ''));
      expect(steps.dispatched, id).toBe(sfInstant(row.dispatch_datetime ?? ''));
      if (row.onscene_datetime) expect(steps.on_scene, id).toBe(sfInstant(row.onscene_datetime));
    }
    // January is Pacific Standard Time: eight hours behind UTC.
    const first = await t.db.pool.query<{ received_at: Date }>(
      `SELECT received_at FROM responses WHERE external_ref = '37196704'`,
    );
    expect(first.rows[0]?.received_at.toISOString()).toBe('2026-01-16T15:35:52.000Z');
  });

  it('leaves out and reports each step that contradicts an earlier one', async () => {
    const contradicted = rows.reduce((sum, row) => sum + expectedSteps(row).contradicted, 0);
    expect(contradicted).toBeGreaterThan(0);
    expect(report.contradictedSteps).toBe(contradicted);
    expect(report.format()).toContain('line 1850: cleared before on_scene (id 37201100');
    const response = await t.db.pool.query<{ state: string; cleared_at: Date | null }>(
      `SELECT state, cleared_at FROM responses WHERE external_ref = '37201100'`,
    );
    expect(response.rows[0]).toEqual({ state: 'on_scene', cleared_at: null });
  });

  it('never places a sensitive call: no incident, no district, still a response', async () => {
    const sensitive = rows.filter((row) => row.sensitive_call === 'true').map((row) => row.id);
    expect(sensitive.length).toBeGreaterThan(900);
    const stored = await t.db.pool.query<{
      incident_id: string | null;
      district_id: string | null;
    }>(`SELECT incident_id, district_id FROM responses WHERE external_ref = ANY($1)`, [sensitive]);
    expect(stored.rows).toHaveLength(sensitive.length);
    expect(stored.rows.every((r) => r.incident_id === null && r.district_id === null)).toBe(true);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM incidents WHERE source = 'sf-dispatch' AND external_ref = ANY($1)`,
        [sensitive],
      ),
    ).toBe(0);
  });

  it('puts located calls in the district of their point', async () => {
    const perDistrict = await t.db.pool.query<{ name: string; n: number }>(
      `SELECT d.name, count(*)::int AS n FROM responses AS r JOIN districts AS d ON d.id = r.district_id
       GROUP BY d.name`,
    );
    const names = new Set(rows.map((r) => r.police_district).filter(Boolean));
    expect(perDistrict.rows.map((r) => r.name).sort()).toEqual([...names].sort());
    // The shapes are from 2017: most, not all, points fall in the district the call names.
    const agreeing = await count(
      `SELECT count(*)::int AS n FROM responses AS r JOIN districts AS d ON d.id = r.district_id
       WHERE d.name = $1`,
      ['MISSION'],
    );
    expect(agreeing).toBeGreaterThan(
      rows.filter((r) => r.police_district === 'MISSION').length * 0.8,
    );
  });

  it('keeps every call without a place out of the public record and the map', async () => {
    const unlocated = await t.db.pool.query<{ id: string }>(
      'SELECT id FROM responses WHERE incident_id IS NULL',
    );
    const unlocatedIds = new Set(unlocated.rows.map((r) => r.id));
    const events = await readPublicEventsAfter(t.db.pool, 0, 100_000);
    const responseEvents = events.filter((e) => envelopeOf(e)?.entity === 'response');
    expect(responseEvents).toHaveLength(3370);
    const named = new Set(
      JSON.stringify(events).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g),
    );
    expect(named.size).toBeGreaterThan(1000);
    expect([...unlocatedIds].filter((id) => named.has(id))).toEqual([]);
    const shown = responseEvents.filter((e) => envelopeOf(e)?.public.visibility === 'shown');
    const shownIncidents = await count(
      `SELECT count(*)::int AS n FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id
       WHERE i.visibility IN ('point', 'coarse')`,
    );
    expect(shown).toHaveLength(shownIncidents);
    const map = await t.app.inject({
      method: 'GET',
      url: '/api/v1/incidents?bbox=-122.6,37.6,-122.3,37.9&from=2025-11-01T00:00:00Z&to=2026-02-01T00:00:00Z&limit=1000',
    });
    expect(map.statusCode).toBe(200);
    const features = map.json<{ features: { id: string }[] }>().features;
    expect(features).toHaveLength(Math.min(1000, shownIncidents));
    const refs = await t.db.pool.query<{ external_ref: string }>(
      'SELECT external_ref FROM incidents WHERE id = ANY($1)',
      [features.map((f) => f.id)],
    );
    const locatedIds = new Set(rows.filter(located).map((r) => r.id));
    expect(refs.rows.every((r) => locatedIds.has(r.external_ref))).toBe(true);
  });

  it('lists on the public responses layer only the calls the public map shows', async () => {
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/responses?bbox=-122.6,37.6,-122.3,37.9&from=2025-11-01T00:00:00Z&to=2026-02-01T00:00:00Z&limit=5000',
    });
    expect(listed.statusCode).toBe(200);
    const features = listed.json<{
      features: { id: string; properties: { incidentId: string; locationPrecision: string } }[];
    }>().features;
    const shown = await t.db.pool.query<{ id: string }>(
      `SELECT r.id FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id
       WHERE i.visibility IN ('point', 'coarse')`,
    );
    expect(features.map((f) => f.id).sort()).toEqual(shown.rows.map((r) => r.id).sort());
    expect(features.every((f) => f.properties.locationPrecision === 'approximate')).toBe(true);
  });

  it('writes nothing on a second import of the same file', async () => {
    const before = {
      events: await count('SELECT count(*)::int AS n FROM events'),
      incidents: await count('SELECT count(*)::int AS n FROM incidents'),
      responses: await count('SELECT count(*)::int AS n FROM responses'),
      steps: await count('SELECT count(*)::int AS n FROM response_steps'),
    };
    const again = await importCalls();
    expect(again.duplicates).toBe(3370);
    expect(again.imported).toBe(0);
    expect({
      events: await count('SELECT count(*)::int AS n FROM events'),
      incidents: await count('SELECT count(*)::int AS n FROM incidents'),
      responses: await count('SELECT count(*)::int AS n FROM responses'),
      steps: await count('SELECT count(*)::int AS n FROM response_steps'),
    }).toEqual(before);
  });

  it('refuses a file whose header lacks a column or has one more, before any row', async () => {
    const [header = '', first = ''] = gunzipSync(readFileSync(CALLS_FILE))
      .toString('utf8')
      .split('\n');
    const attempt = (text: string) => runCallImport(t.db.pool, { input: Readable.from([text]) });
    const without = header.replace(',police_district', '');
    await expect(attempt(`${without}\n${first}\n`)).rejects.toThrow(
      /lacks the column\(s\) police_district/,
    );
    await expect(attempt(`${header},extra\n${first},x\n`)).rejects.toThrow(
      /unknown or repeated column\(s\) extra/,
    );
  });
});
