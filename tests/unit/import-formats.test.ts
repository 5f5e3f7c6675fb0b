import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chicagoFormat } from '../../server/import/chicago-format.js';
import { csvRecords } from '../../server/import/csv-records.js';
import { genericCsvFormat } from '../../server/import/generic-csv-format.js';
import { geojsonFormat } from '../../server/import/geojson-format.js';
import type { ImportFormat, ImportOptions } from '../../server/import/import-format.js';
import type { ImportRow, Rejection } from '../../server/import/import-row.js';
import { decompressIfGzip } from '../../server/import/input-stream.js';
import { policeUkCsvFormat } from '../../server/import/police-uk-csv-format.js';
import { policeUkJsonFormat } from '../../server/import/police-uk-json-format.js';
import { policeUkTidyFormat } from '../../server/import/police-uk-tidy-format.js';
import { importFixture as fixture, openData } from '../support/fixtures.js';

async function parseAll(format: ImportFormat, input: Readable, options: ImportOptions = {}) {
  const rows: ImportRow[] = [];
  const rejections: Rejection[] = [];
  for await (const record of format.records(input, options)) {
    if (record.ok) rows.push(record.row);
    else rejections.push(record.rejection);
  }
  return { rows, rejections };
}

const fileInput = async (file: string) => decompressIfGzip(createReadStream(file));

describe('csvRecords', () => {
  it('yields a line with the wrong number of fields as a rejection with its line, and goes on', async () => {
    const input = Readable.from(['a,b\n1,2\n3,4,5\n6,7\n']);
    const records = [];
    for await (const record of csvRecords(input)) records.push(record);
    expect(records).toEqual([
      { ok: true, line: 2, fields: { a: '1', b: '2' } },
      { ok: false, line: 3, reason: 'wrong number of fields', detail: 'expected 2, found 3' },
      { ok: true, line: 4, fields: { a: '6', b: '7' } },
    ]);
  });

  it('refuses a file whose header lacks a required column', async () => {
    const run = async () => {
      for await (const record of csvRecords(Readable.from(['a,b\n1,2\n']), { required: ['c'] })) {
        expect(record).toBeUndefined();
      }
    };
    await expect(run()).rejects.toThrow(/lacks the column\(s\) c/);
  });
});

describe('gzip detection', () => {
  it('gunzips by the magic bytes, whatever the name, and passes plain text through', async () => {
    const text = 'month,longitude\n2022-01-01,-1.17\n';
    const read = async (input: Readable) => {
      let out = '';
      for await (const chunk of await decompressIfGzip(input)) out += String(chunk);
      return out;
    };
    expect(await read(Readable.from([gzipSync(text)]))).toBe(text);
    expect(await read(Readable.from([Buffer.from(text)]))).toBe(text);
  });
});

describe('chicago', () => {
  it('reads the portal file: the 265 rows with coordinates, the 35 others rejected with their line', async () => {
    const { rows, rejections } = await parseAll(
      chicagoFormat,
      await fileInput(openData('chicago_portal_2016-01_first300.csv')),
    );
    expect(rows).toHaveLength(265);
    expect(rejections).toHaveLength(35);
    expect(new Set(rejections.map((r) => r.reason))).toEqual(new Set(['no coordinates']));
    // Line 7 of the file is ID 10369134, which has no coordinates.
    expect(rejections[0]).toMatchObject({ position: 7, detail: 'ID 10369134' });
  });

  it('maps Domestic=true to domestic-abuse whatever the primary type, and keeps the id', async () => {
    const { rows } = await parseAll(
      chicagoFormat,
      await fileInput(openData('chicago_portal_2016-01_first300.csv')),
    );
    const first = rows.find((row) => row.externalRef === '10367002');
    expect(first).toMatchObject({
      category: { slug: 'domestic-abuse' },
      x: -87.664263469,
      y: 41.753985135,
    });
    expect(first?.occurredAt.toISOString()).toBe('2016-01-04T05:57:00.000Z');
    const second = rows.find((row) => row.externalRef === '10366954');
    expect(second?.category).toEqual({ code: 'MOTOR VEHICLE THEFT' });
  });

  it('skips a broken line in the middle with its line number and reads the rest', async () => {
    const { rows, rejections } = await parseAll(
      chicagoFormat,
      await fileInput(fixture('chicago-broken-line.csv')),
    );
    expect(rejections.map((r) => [r.position, r.reason])).toEqual([
      [7, 'no coordinates'],
      [13, 'wrong number of fields'],
      [20, 'no coordinates'],
    ]);
    expect(rows).toHaveLength(16);
  });
});

describe('police-uk-csv', () => {
  it('gives rows without a Crime ID a stable hash id, distinct for identical rows', async () => {
    const parse = async () =>
      parseAll(policeUkCsvFormat, await fileInput(fixture('police-uk-street.csv')));
    const first = await parse();
    const again = await parse();
    const refs = first.rows.map((row) => row.externalRef);
    expect(refs).toEqual(again.rows.map((row) => row.externalRef));
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs[0]).toMatch(/^h:[0-9a-f]{32}:1$/);
    expect(refs[1]).toBe(refs[0]?.replace(/:1$/, ':2'));
    // One Crime ID on two rows (two offences of one crime): both kept.
    expect(refs[2]).toBe('3c1e5f0d9a7b2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e');
    expect(refs[3]).toBe(`${refs[2] ?? ''}#2`);
    expect(first.rejections).toEqual([{ position: 6, reason: 'no coordinates' }]);
    expect(first.rows.map((row) => row.category)).toContainEqual({ code: 'Alien abduction' });
  });
});

describe('police-uk-json', () => {
  it('reads all 125 crimes of the API response with their API ids and month dates', async () => {
    const { rows, rejections } = await parseAll(
      policeUkJsonFormat,
      await fileInput(openData('police_uk_api_london_2014-08_every3rd.json')),
    );
    expect(rejections).toEqual([]);
    expect(rows).toHaveLength(125);
    expect(rows[0]).toMatchObject({
      externalRef: 'api:35006227',
      category: { code: 'anti-social-behaviour' },
      x: -0.012859,
      y: 51.499798,
      summary: 'On or near Marsh Wall',
    });
    expect(rows[0]?.occurredAt.toISOString()).toBe('2014-08-01T00:00:00.000Z');
  });
});

describe('police-uk-tidy', () => {
  it('reads tab-separated and gzipped comma files alike, with the category from the flag', async () => {
    const tab = await parseAll(
      policeUkTidyFormat,
      Readable.from([readFileSync(openData('lancashire_asb_first300.tab')).subarray(0, 4000)]),
      {
        category: 'anti-social-behaviour',
      },
    );
    expect(tab.rows.length).toBeGreaterThan(50);
    expect(tab.rows[0]).toMatchObject({
      x: -2.4646,
      y: 53.7655,
      category: { code: 'anti-social-behaviour' },
    });
    const gz = await parseAll(
      policeUkTidyFormat,
      await fileInput(openData('nottingham_burglary_first300.csv.gz')),
      { category: 'burglary' },
    );
    expect(gz.rows).toHaveLength(300);
    expect(gz.rejections).toEqual([]);
    expect(gz.rows[0]).toMatchObject({ x: -1.1704, y: 53.005, summary: 'Hathersage Close' });
  });
});

describe('csv (generic mapping)', () => {
  it('maps San Francisco columns and keeps projected Vancouver metres for PostGIS', async () => {
    const sf = await parseAll(
      genericCsvFormat,
      await fileInput(openData('san_francisco_robbery_first300.csv')),
      {
        source: 'san-francisco',
        lon: 'longitude',
        lat: 'latitude',
        time: 'date_time',
        category: 'offense_type',
        id: 'uid',
      },
    );
    expect(sf.rows).toHaveLength(300);
    expect(sf.rows[0]).toMatchObject({
      externalRef: '24103841',
      category: { code: 'personal robbery' },
      srid: 4326,
    });
    const van = await parseAll(
      genericCsvFormat,
      await fileInput(openData('vancouver_thefts_first300.csv.gz')),
      {
        source: 'vancouver',
        lon: 'X',
        lat: 'Y',
        srid: 26910,
        timeParts: ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE'],
        timezone: 'America/Vancouver',
        category: 'TYPE',
        summary: ['HUNDRED_BLOCK', 'NEIGHBOURHOOD'],
      },
    );
    expect(van.rows).toHaveLength(300);
    expect(van.rows[0]).toMatchObject({
      x: 490320.299,
      y: 5458606.9208,
      srid: 26910,
      summary: '11XX BURNABY ST, West End',
    });
    expect(van.rows[0]?.occurredAt.toISOString()).toBe('2020-01-01T08:00:00.000Z');
  });
});

describe('geojson', () => {
  it('imports points, and skips a LineString and an invalid feature with their positions', async () => {
    const { rows, rejections } = await parseAll(
      geojsonFormat,
      await fileInput(fixture('sf-points.geojson')),
      {
        source: 'san-francisco',
        category: 'offense',
        time: 'when',
      },
    );
    expect(rejections.map((r) => [r.position, r.reason])).toEqual([
      [3, 'not a Point'],
      [5, 'invalid GeoJSON'],
    ]);
    expect(rows).toHaveLength(7);
    expect(rows[0]?.externalRef).toMatch(/^sf-/);
    expect(rows.at(-1)?.category).toEqual({ code: 'pickpocketing' });
  });
});
