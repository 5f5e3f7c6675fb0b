import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, verifyChain } from '../../shared/audit/chain.js';
import type { IncidentCollection } from '../../shared/schemas/incident.js';
import { readPublicEventsAfter } from '../../server/audit/events.service.js';
import { findFormat } from '../../server/import/formats.js';
import type { ImportFormat, ImportOptions } from '../../server/import/import-format.js';
import { accepted, IMPORTED_PRIORITY } from '../../server/import/import-row.js';
import { decompressIfGzip } from '../../server/import/input-stream.js';
import { runImport } from '../../server/import/run-import.js';
import { importFixture as fixture, openData } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

function format(name: string): ImportFormat {
  const found = findFormat(name);
  if (!found) throw new Error(`no format ${name}`);
  return found;
}

async function importFile(
  formatName: string,
  file: string,
  options: ImportOptions = {},
  extra: { limit?: number; batchSize?: number } = {},
) {
  return runImport(t.db.pool, {
    format: format(formatName),
    input: await decompressIfGzip(createReadStream(file)),
    options,
    ...extra,
  });
}

async function countBySource(source: string): Promise<number> {
  const result = await t.db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM incidents WHERE source = $1',
    [source],
  );
  return result.rows[0]?.n ?? -1;
}

async function importEvents() {
  const events = await readPublicEventsAfter(t.db.pool, 0, 100_000);
  return {
    all: events,
    imported: events.filter((e) => envelopeOf(e)?.type === 'incidents.imported'),
  };
}

const CHICAGO_OPTIONS: ImportOptions = {};

describe('npm run import: the Chicago portal file', () => {
  it('imports the 265 rows with coordinates and reports the 35 others with their lines', async () => {
    const report = await importFile(
      'chicago',
      openData('chicago_portal_2016-01_first300.csv'),
      CHICAGO_OPTIONS,
      {
        batchSize: 100,
      },
    );
    expect(report.read).toBe(300);
    expect(report.imported).toBe(265);
    expect(report.duplicates).toBe(0);
    expect([...report.skippedByReason]).toEqual([['no coordinates', 35]]);
    expect(report.firstSkipped).toHaveLength(20);
    expect(report.firstSkipped[0]).toMatchObject({ position: 7, reason: 'no coordinates' });
    expect(await countBySource('chicago')).toBe(265);
    expect(report.format()).toContain('line 7: no coordinates (ID 10369134)');
  });

  it('maps every domestic incident to the hidden domestic-abuse, whatever its primary type', async () => {
    const byCategory = await t.db.pool.query<{
      category: string;
      visibility: string;
      n: number;
      located: number;
    }>(
      `SELECT category, visibility, count(*)::int AS n, count(public_location)::int AS located
       FROM incidents WHERE source = 'chicago' GROUP BY 1, 2`,
    );
    const domestic = byCategory.rows.find((row) => row.category === 'domestic-abuse');
    // 58 rows say Domestic=true; 6 of them have no coordinates.
    expect(domestic).toEqual({
      category: 'domestic-abuse',
      visibility: 'hidden',
      n: 52,
      located: 0,
    });
    const battery = await t.db.pool.query<{ category: string }>(
      `SELECT category FROM incidents WHERE source = 'chicago' AND external_ref = '10367002'`,
    );
    expect(battery.rows[0]?.category).toBe('domestic-abuse');
    const theft = await t.db.pool.query<{ category: string; visibility: string }>(
      `SELECT category, visibility FROM incidents WHERE source = 'chicago' AND external_ref = '10366954'`,
    );
    expect(theft.rows[0]).toEqual({ category: 'vehicle-crime', visibility: 'point' });
    // Every public point is the geomask's, never the exact place.
    const exposed = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE source = 'chicago' AND ST_Equals(location, public_location)`,
    );
    expect(exposed.rows[0]?.n).toBe(0);
  });

  it('imports nothing new when the same file comes again', async () => {
    const report = await importFile('chicago', openData('chicago_portal_2016-01_first300.csv'));
    expect(report).toMatchObject({ read: 300, imported: 0, duplicates: 265 });
    expect(await countBySource('chicago')).toBe(265);
  });

  it('chains one summary event per batch that verifies, counting exactly the imported rows', async () => {
    const { all, imported } = await importEvents();
    expect(verifyChain(all)).toMatchObject({ ok: true, count: all.length });
    const chicago = imported.filter((e) => (e.public as { source: string }).source === 'chicago');
    // 265 accepted rows in batches of 100: 3 batches; the re-import adds none.
    expect(chicago.length).toBe(3);
    const total = chicago.reduce((sum, e) => sum + (e.public as { count: number }).count, 0);
    expect(total).toBe(265);
    expect(chicago.every((e) => envelopeOf(e)?.entity === 'import')).toBe(true);
  });
});

describe('a public read of imported incidents', () => {
  it('never returns an exact location, nor a hidden or aggregate incident', async () => {
    const exact = await t.db.pool.query<{ id: string; lon: number; lat: number }>(
      `SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM incidents WHERE source = 'chicago'`,
    );
    const exactById = new Map(exact.rows.map((row) => [row.id, [row.lon, row.lat]]));
    const notListed = await t.db.pool.query<{ id: string }>(
      `SELECT id FROM incidents WHERE source = 'chicago' AND visibility IN ('aggregate', 'hidden')`,
    );
    const seen: IncidentCollection['features'] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ bbox: '-88.0,41.6,-87.5,42.1', limit: '100' });
      if (cursor) query.set('cursor', cursor);
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/incidents?${query.toString()}`,
      });
      expect(response.statusCode).toBe(200);
      const page = response.json<IncidentCollection>();
      seen.push(...page.features);
      cursor = page.nextCursor;
    } while (cursor);
    // More than one page: the listing follows its cursor.
    expect(seen.length).toBeGreaterThan(100);
    for (const feature of seen) {
      const own = exactById.get(feature.id);
      expect(own).toBeDefined();
      expect(feature.geometry.coordinates).not.toEqual(own);
      expect(feature.properties.locationPrecision).toBe('approximate');
      expect(feature.properties).not.toHaveProperty('externalRef');
    }
    const seenIds = new Set(seen.map((f) => f.id));
    expect(notListed.rows.length).toBeGreaterThan(52);
    expect(notListed.rows.filter((row) => seenIds.has(row.id))).toEqual([]);
    // Everything listable was listed: the check above is not vacuous.
    expect(seen.length).toBe(265 - notListed.rows.length);
  });
});

describe('npm run import: the other formats', () => {
  it('police-uk-json: all 125 crimes, violent-crime never as a point', async () => {
    const report = await importFile(
      'police-uk-json',
      openData('police_uk_api_london_2014-08_every3rd.json'),
    );
    expect(report).toMatchObject({ read: 125, imported: 125, duplicates: 0, skipped: 0 });
    const violent = await t.db.pool.query<{ category: string; visibility: string; n: number }>(
      `SELECT category, visibility, count(*)::int AS n FROM incidents
       WHERE source = 'police.uk' AND external_ref LIKE 'api:%' AND category LIKE 'violence%' GROUP BY 1, 2`,
    );
    expect(violent.rows).toEqual([
      { category: 'violence-and-sexual-offences', visibility: 'aggregate', n: 24 },
    ]);
  });

  it('police-uk-csv: hash ids for rows without a Crime ID, unknown types reported, re-import adds nothing', async () => {
    const report = await importFile('police-uk-csv', fixture('police-uk-street.csv'));
    expect(report).toMatchObject({ read: 8, imported: 6, duplicates: 0 });
    expect(report.firstSkipped).toEqual([
      { position: 6, reason: 'no coordinates' },
      { position: 8, reason: 'unknown category', detail: 'Alien abduction' },
    ]);
    const again = await importFile('police-uk-csv', fixture('police-uk-street.csv'));
    expect(again).toMatchObject({ imported: 0, duplicates: 6 });
  });

  it('police-uk-tidy: gzipped comma and plain tab files, category from the flag', async () => {
    const nottingham = await importFile(
      'police-uk-tidy',
      openData('nottingham_burglary_first300.csv.gz'),
      {
        category: 'burglary',
      },
    );
    expect(nottingham).toMatchObject({ read: 300, imported: 300, skipped: 0 });
    const lancashire = await importFile(
      'police-uk-tidy',
      openData('lancashire_asb_first300.tab'),
      { category: 'anti-social-behaviour' },
      { limit: 200 },
    );
    expect(lancashire).toMatchObject({ read: 200, imported: 200, skipped: 0 });
    const burglaries = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE source = 'police.uk' AND category = 'burglary'
         AND visibility = 'coarse' AND external_ref LIKE 'tidy:burglary:%'`,
    );
    expect(burglaries.rows[0]?.n).toBe(300);
  });

  it('csv: Vancouver UTM metres transformed in PostGIS land inside Vancouver', async () => {
    const report = await runImport(t.db.pool, {
      format: format('csv'),
      input: await decompressIfGzip(createReadStream(openData('vancouver_thefts_first300.csv.gz'))),
      options: {
        source: 'vancouver',
        lon: 'X',
        lat: 'Y',
        srid: 26910,
        timeParts: ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE'],
        timezone: 'America/Vancouver',
        category: 'TYPE',
        summary: ['HUNDRED_BLOCK', 'NEIGHBOURHOOD'],
      },
      limit: 200,
    });
    expect(report).toMatchObject({ read: 200, imported: 200, skipped: 0 });
    const extent = await t.db.pool.query<{
      minx: number;
      miny: number;
      maxx: number;
      maxy: number;
      n: number;
    }>(
      `SELECT min(ST_X(location)) AS minx, min(ST_Y(location)) AS miny, max(ST_X(location)) AS maxx,
              max(ST_Y(location)) AS maxy, count(*)::int AS n
       FROM incidents WHERE source = 'vancouver'`,
    );
    const box = extent.rows[0];
    expect(box?.n).toBe(200);
    expect(box?.minx).toBeGreaterThanOrEqual(-123.3);
    expect(box?.maxx).toBeLessThanOrEqual(-123.0);
    expect(box?.miny).toBeGreaterThanOrEqual(49.19);
    expect(box?.maxy).toBeLessThanOrEqual(49.32);
    const categories = await t.db.pool.query<{ category: string }>(
      `SELECT DISTINCT category FROM incidents WHERE source = 'vancouver' ORDER BY 1`,
    );
    expect(categories.rows.map((row) => row.category)).toEqual([
      'bicycle-theft',
      'theft',
      'vehicle-crime',
    ]);
  });

  it('csv: San Francisco by its uid, and the tidy Chicago assaults with one category code', async () => {
    const sf = await importFile('csv', openData('san_francisco_robbery_first300.csv'), {
      source: 'san-francisco',
      lon: 'longitude',
      lat: 'latitude',
      time: 'date_time',
      category: 'offense_type',
      id: 'uid',
    });
    expect(sf).toMatchObject({ read: 300, imported: 300, skipped: 0 });
    const assaults = await importFile(
      'csv',
      openData('chicago_aggravated_assaults_first300.csv.gz'),
      {
        source: 'chicago-tidy',
        lon: 'longitude',
        lat: 'latitude',
        time: 'date',
        timezone: 'America/Chicago',
        categoryCode: 'AGGRAVATED ASSAULT',
        summary: ['loc_cat'],
      },
      { limit: 200 },
    );
    expect(assaults).toMatchObject({ read: 200, imported: 200, skipped: 0 });
    const first = await t.db.pool.query<{ occurred_at: Date; category: string }>(
      `SELECT occurred_at, category FROM incidents WHERE source = 'chicago-tidy' ORDER BY occurred_at LIMIT 1`,
    );
    expect(first.rows[0]?.occurred_at.toISOString()).toBe('2010-01-01T06:05:00.000Z');
    expect(first.rows[0]?.category).toBe('violence');
  });

  it('geojson: points imported, the LineString and the invalid feature skipped by position', async () => {
    const report = await importFile('geojson', fixture('sf-points.geojson'), {
      source: 'san-francisco',
      category: 'offense',
      time: 'when',
    });
    expect(report).toMatchObject({ read: 9, imported: 6 });
    expect([...report.skippedByReason].sort()).toEqual([
      ['invalid GeoJSON', 1],
      ['not a Point', 1],
      ['unknown category', 1],
    ]);
  });
});

describe('bad rows and failed batches', () => {
  it('skips a broken line in the middle with its line number and imports the rest', async () => {
    await t.db.pool.query(`DELETE FROM incidents WHERE source = 'chicago'`);
    const report = await importFile('chicago', fixture('chicago-broken-line.csv'));
    expect(report).toMatchObject({ read: 19, imported: 16, duplicates: 0 });
    expect(report.firstSkipped.map((r) => [r.position, r.reason])).toEqual([
      [7, 'no coordinates'],
      [13, 'wrong number of fields'],
      [20, 'no coordinates'],
    ]);
    expect(await countBySource('chicago')).toBe(16);
  });

  it('a batch that fails in the database leaves nothing of itself: rows and events of earlier batches only', async () => {
    const before = await importEvents();
    // A test-only trigger makes one row of the second batch fail inside the INSERT.
    await t.db.pool.query(`
      CREATE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.external_ref = 'boom' THEN RAISE EXCEPTION 'boom'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_on_boom BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION fail_on_boom();`);
    const refs = ['a', 'b', 'c', 'd', 'boom', 'f'];
    const failing: ImportFormat = {
      name: 'test',
      positionLabel: 'record',
      source: () => 'half-test',
      checkOptions: () => undefined,
      async *records() {
        for (const [i, ref] of refs.entries()) {
          yield accepted({
            position: i + 1,
            externalRef: ref,
            category: { slug: 'theft' },
            x: -87.63 + i * 0.001,
            y: 41.88,
            srid: 4326,
            occurredAt: new Date('2024-01-01T00:00:00Z'),
            summary: `row ${ref}`,
            priority: IMPORTED_PRIORITY,
          });
        }
      },
    };
    try {
      await expect(
        runImport(t.db.pool, {
          format: failing,
          input: Readable.from([]),
          options: {},
          batchSize: 3,
        }),
      ).rejects.toThrow(/boom/);
    } finally {
      await t.db.pool.query('DROP TRIGGER fail_on_boom ON incidents; DROP FUNCTION fail_on_boom()');
    }
    expect(await countBySource('half-test')).toBe(3);
    const after = await importEvents();
    expect(verifyChain(after.all)).toMatchObject({ ok: true });
    const added = after.imported.slice(before.imported.length);
    expect(added.map((e) => (e.public as { count: number }).count)).toEqual([3]);
    // Every imported row of the whole file is accounted for by exactly one event.
    const listed = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE source <> 'chicago'`,
    );
    const counted = after.imported
      .filter((e) => (e.public as { source: string }).source !== 'chicago')
      .reduce((sum, e) => sum + (e.public as { count: number }).count, 0);
    expect(counted).toBe(listed.rows[0]?.n);
  });
});
