import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type PublicEventRecord } from '../../shared/audit/chain.js';
import type {
  DispatcherIncidentFeature,
  IncidentCollection,
  PublicIncidentFeature,
} from '../../shared/schemas/incident.js';
import { importDistricts } from '../../server/districts/import-districts.js';
import { findFormat } from '../../server/import/formats.js';
import type { ImportOptions } from '../../server/import/import-format.js';
import { decompressIfGzip } from '../../server/import/input-stream.js';
import { runImport } from '../../server/import/run-import.js';
import { cellBounds, cellOf, publicLocation, type LonLat } from '../../server/privacy/geomask.js';
import { openData } from '../support/fixtures.js';
import { incidentAt } from '../support/incident-factory.js';
import { connectListener, waitFor } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

// The district and the place in words are made in the write path from the PUBLIC point, and
// travel in the REST reads, the stream, the exports and the hashed public record.

let t: TestApp;
let url: string;

/** A place in central Chicago near a corner of its 150 m cell, far from the cell's centre. */
const EXACT: LonLat = (() => {
  const bounds = cellBounds(cellOf({ lon: -87.6298, lat: 41.8781 }, 'point'));
  return {
    lon: bounds.west + 0.1 * (bounds.east - bounds.west),
    lat: bounds.south + 0.1 * (bounds.north - bounds.south),
  };
})();
const PUBLIC = publicLocation(EXACT, 'point') ?? { lon: 0, lat: 0 };

/** A square of `half` degrees around a point, as a district. */
async function addDistrict(name: string, centre: LonLat, half: number): Promise<void> {
  await t.db.pool.query(
    `INSERT INTO districts (name, source, geometry)
     VALUES ($1, 'test', ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326)))`,
    [name, centre.lon - half, centre.lat - half, centre.lon + half, centre.lat + half],
  );
}

async function create(body: object): Promise<DispatcherIncidentFeature> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return response.json<DispatcherIncidentFeature>();
}

async function patch(id: string, body: object): Promise<DispatcherIncidentFeature> {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    headers: bearer(t.dispatcherKey),
    payload: body,
  });
  expect(response.statusCode).toBe(200);
  return response.json<DispatcherIncidentFeature>();
}

async function publicEvents(): Promise<PublicEventRecord[]> {
  const response = await t.app.inject({ url: '/api/v1/audit/events?after=0&limit=1000' });
  return response.json<{ events: PublicEventRecord[] }>().events;
}

function eventFeaturesOf(events: PublicEventRecord[], id: string) {
  return events
    .map((e) => (e.public ?? {}) as { entityId?: string; feature?: PublicIncidentFeature })
    .filter((part) => part.entityId === id)
    .map((part) => part.feature ?? null);
}

beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t);
  // The exact point and the public point lie in different districts: only the public one's
  // may ever be published.
  const quarterCell = (cellBounds(cellOf(EXACT, 'point')).east - PUBLIC.lon) / 4;
  await addDistrict('Around The Exact Point', EXACT, quarterCell / 2);
  await addDistrict('Loop Centre', PUBLIC, quarterCell);
});

afterAll(async () => {
  await t.close();
});

describe('places in words', () => {
  it('names the district of the public point in REST, the stream, the exports and the record', async () => {
    const listener = await connectListener(url);
    try {
      const bbox: [number, number, number, number] = [-87.7, 41.85, -87.6, 41.95];
      expect(await listener.subscribe({ bbox, layers: ['incidents'] })).toMatchObject({
        ok: true,
      });
      const created = await create(
        incidentAt(EXACT, { category: 'theft', block: '512 W Madison St' }),
      );
      const expected = { district: 'Loop Centre', place: 'near 5XX W Madison St, Loop Centre' };
      expect(created.properties).toMatchObject(expected);

      const one = await t.app.inject({ url: `/api/v1/incidents/${created.id}` });
      expect(one.json<PublicIncidentFeature>().properties).toMatchObject(expected);
      const list = await t.app.inject({ url: '/api/v1/incidents?limit=10' });
      const listed = list.json<IncidentCollection>().features.find((f) => f.id === created.id);
      expect(listed?.properties).toMatchObject(expected);

      await waitFor(() => listener.events.some((e) => e.feature.id === created.id), 'the stream');
      const streamed = listener.events.find((e) => e.feature.id === created.id);
      expect(streamed?.feature.properties).toMatchObject(expected);

      const csv = await t.app.inject({ url: '/api/v1/export/incidents.csv' });
      const [header, ...lines] = csv.body.trim().split('\r\n');
      const columns = header?.split(',').map((name) => name.replaceAll('"', '')) ?? [];
      const line = lines.find((l) => l.includes(created.id))?.split(',') ?? [];
      expect(line[columns.indexOf('district')]).toBe('"Loop Centre"');
      // The place holds a comma: the CSV quotes it whole.
      expect(lines.find((l) => l.includes(created.id))).toContain(
        '"near 5XX W Madison St, Loop Centre"',
      );
      const geojson = await t.app.inject({ url: '/api/v1/export/incidents.geojson' });
      const exported = geojson
        .json<{ features: PublicIncidentFeature[] }>()
        .features.find((f) => f.id === created.id);
      expect(exported?.properties).toMatchObject(expected);

      const events = await publicEvents();
      expect(verifyChain(events)).toMatchObject({ ok: true });
      const [recorded] = eventFeaturesOf(events, created.id);
      expect(recorded?.properties).toMatchObject(expected);
      // Nothing anywhere names the district of the exact point.
      const everything = JSON.stringify([events, csv.body, geojson.body, streamed]);
      expect(everything).not.toContain('Around The Exact Point');
      expect(everything).not.toContain('512 W');
    } finally {
      listener.close();
    }
  });

  it('drops the block for a coarse category and everything for a hidden one, with events saying so', async () => {
    const created = await create(
      incidentAt(EXACT, { category: 'theft', block: '5XX W MADISON ST' }),
    );
    expect(created.properties.place).toBe('near 5XX W Madison St, Loop Centre');

    const coarse = await patch(created.id, { category: 'burglary' });
    const coarsePoint = coarse.properties.publicLocation;
    expect(coarsePoint).not.toBeNull();
    const stored = await t.db.pool.query<{ name: string | null }>(
      `SELECT (SELECT name FROM districts WHERE id = district_at(ST_SetSRID(ST_MakePoint($1, $2), 4326))) AS name`,
      [coarsePoint?.lon, coarsePoint?.lat],
    );
    const coarseDistrict = stored.rows[0]?.name ?? null;
    expect(coarse.properties.district).toBe(coarseDistrict);
    expect(coarse.properties.place).toBe(coarseDistrict);
    const coarsened = await publicEvents();
    expect(verifyChain(coarsened)).toMatchObject({ ok: true });
    const updates = coarsened
      .map((e) => (e.public ?? {}) as { entityId?: string; type?: string; changes?: string[] })
      .filter((part) => part.type === 'incident.updated');
    // The coarsening changed the place (the block went), and its event says so.
    expect(updates.some((u) => u.entityId === created.id && u.changes?.includes('place'))).toBe(
      true,
    );

    const hidden = await patch(created.id, { category: 'sexual-offences' });
    expect(hidden.properties).toMatchObject({ district: null, place: null });
    const row = await t.db.pool.query(
      'SELECT public_district, public_block, public_place FROM incidents WHERE id = $1',
      [created.id],
    );
    expect(row.rows[0]).toEqual({ public_district: null, public_block: null, public_place: null });
    const publicRead = await t.app.inject({ url: `/api/v1/incidents/${created.id}` });
    expect(publicRead.statusCode).toBe(404);

    const events = await publicEvents();
    expect(verifyChain(events)).toMatchObject({ ok: true });
    expect(JSON.stringify(events.slice(-2).map((e) => e.public))).not.toMatch(
      /Madison|Loop Centre/,
    );
  });

  it('refuses a block longer than 120 characters', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentAt(EXACT, { block: `${'A'.repeat(120)} St` }),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('imported places', () => {
  async function importFile(formatName: string, file: string, options: ImportOptions = {}) {
    const format = findFormat(formatName);
    if (!format) throw new Error(`no format ${formatName}`);
    return runImport(t.db.pool, {
      format,
      input: await decompressIfGzip(createReadStream(file)),
      options,
    });
  }

  async function placesOf(source: string) {
    const result = await t.db.pool.query<{
      visibility: string;
      public_district: string | null;
      public_block: string | null;
      public_place: string | null;
    }>(
      `SELECT visibility, public_district, public_block, public_place FROM incidents
       WHERE source = $1 ORDER BY external_ref`,
      [source],
    );
    return result.rows;
  }

  it('gives Vancouver thefts their hundred block and neighbourhood', async () => {
    await importDistricts(
      t.db.pool,
      createReadStream(openData('vancouver_neighbourhoods_simplified.geojson')),
      { nameProperty: 'name', source: 'vancouver' },
    );
    const report = await importFile('csv', openData('vancouver_thefts_first300.csv.gz'), {
      source: 'vancouver',
      lon: 'X',
      lat: 'Y',
      srid: 26910,
      timeParts: ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE'],
      timezone: 'America/Vancouver',
      category: 'TYPE',
      summary: ['HUNDRED_BLOCK', 'NEIGHBOURHOOD'],
      block: 'HUNDRED_BLOCK',
    });
    expect(report.imported).toBeGreaterThan(250);
    const rows = await placesOf('vancouver');
    const withBlock = rows.filter((r) => r.public_block !== null);
    expect(withBlock.length).toBeGreaterThan(200);
    expect(rows.map((r) => r.public_place)).toContain('near 11XX Burnaby St, West End');
    for (const row of withBlock) {
      // A hundred block, or the first street of an intersection.
      expect(row.public_block).toMatch(
        /^(?:\d+XX )?(?:[NSEW]{1,2} )?(?:\d+(?:st|nd|rd|th) )?[A-Z][a-z]/,
      );
      expect(row.public_place).toBe(
        `near ${row.public_block}${row.public_district ? `, ${row.public_district}` : ''}`,
      );
    }
  });

  it('gives Chicago records their block, and none to the hidden ones', async () => {
    await importFile('chicago', openData('chicago_portal_2016-01_first300.csv'));
    const rows = await placesOf('chicago');
    expect(rows.length).toBeGreaterThan(200);
    const shownAtPoint = rows.filter((r) => r.visibility === 'point');
    expect(shownAtPoint.every((r) => r.public_place?.startsWith('near ') === true)).toBe(true);
    expect(shownAtPoint.map((r) => r.public_block)).toContain('3XX W 42nd St');
    for (const row of rows.filter((r) => r.visibility !== 'point')) {
      expect(row.public_block).toBeNull();
    }
    for (const row of rows.filter(
      (r) => r.visibility === 'hidden' || r.visibility === 'aggregate',
    )) {
      expect(row).toMatchObject({ public_district: null, public_place: null });
    }
  });

  it('keeps police.uk\'s anonymised places: "On or near Parking Area" becomes "near Parking Area"', async () => {
    await importFile('police-uk-json', openData('police_uk_api_london_2014-08_every3rd.json'));
    const places = (await placesOf('police.uk')).map((r) => r.public_place);
    expect(places).toContain('near Parking Area');
    expect(places).toContain('near Cotton Street');
    expect(places.filter(Boolean).every((p) => !/on or near/i.test(p ?? ''))).toBe(true);
  });
});
