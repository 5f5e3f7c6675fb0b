import { describe, expect, it } from 'vitest';
import { copyField, copyLine, copyLines } from '../../../server/record/copy-text.js';
import { defineTable, pointColumn, valueColumn } from '../../../server/record/table.js';
import { incidentsTable, type IncidentRecord } from '../../../server/incidents/incident-table.js';

interface Sighting {
  id: string;
  note: string;
  secret: string | null;
  seen: boolean;
  at: { lon: number; lat: number } | null;
}

const sightings = defineTable<Sighting>({
  name: 'sightings',
  key: 'id',
  skipDuplicatesOn: ['note'],
  columns: [
    valueColumn('id', 'uuid', (r) => r.id),
    valueColumn('note', 'text', (r) => r.note),
    valueColumn('seen', 'boolean', (r) => r.seen),
    pointColumn('place', 'place', (r) => r.at, { nullable: true }),
    valueColumn('secret', 'text', (r) => r.secret, { private: true }),
  ],
});

const sighting: Sighting = {
  id: '0190a6d2-7b3c-7def-8123-456789abcdef',
  note: 'tab\there, back\\slash\nnew line',
  secret: null,
  seen: true,
  at: { lon: -123.1207, lat: 49.2827 },
};

function squeeze(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

describe('a table described once', () => {
  it('inserts from one array per field, each cast to its type, skipping duplicates', () => {
    expect(squeeze(sightings.sql.insert)).toBe(
      squeeze(`INSERT INTO sightings (id, note, seen, place, secret)
        SELECT r.id, r.note, r.seen,
          CASE WHEN r.place_lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(r.place_lon, r.place_lat), 4326) END,
          r.secret
        FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::float8[], $5::float8[], $6::text[])
          AS r(id, note, seen, place_lon, place_lat, secret)
        ON CONFLICT (note) DO NOTHING
        RETURNING id, note, seen, ST_X(place) AS place_lon, ST_Y(place) AS place_lat, secret`),
    );
    expect(sightings.parameters([sighting])).toEqual([
      [sighting.id],
      [sighting.note],
      [true],
      [-123.1207],
      [49.2827],
      [null],
    ]);
  });

  it('reads private columns only in the full select list', () => {
    expect(sightings.sql.selectPublic).toBe(
      'id, note, seen, ST_X(place) AS place_lon, ST_Y(place) AS place_lat',
    );
    expect(sightings.sql.selectAll).toBe(`${sightings.sql.selectPublic}, secret`);
  });

  it('chains, in the same statement, only the events of the rows inserted', () => {
    const sql = squeeze(sightings.sql.insertWithEvents);
    expect(sql).toContain(`WITH inserted AS MATERIALIZED (${squeeze(sightings.sql.insert)})`);
    expect(sql).toContain('jsonb_array_elements($7::jsonb)');
    expect(sql).toContain("WHERE (e.value->>'entityId')::uuid IN (SELECT id FROM inserted)");
  });

  it('stages, copies and moves the same fields, returning only the keys', () => {
    expect(sightings.sql.createStaging).toBe(
      'CREATE TEMPORARY TABLE IF NOT EXISTS record_staging_sightings (id uuid, note text, ' +
        'seen boolean, place_lon float8, place_lat float8, secret text) ON COMMIT DELETE ROWS',
    );
    expect(sightings.sql.copyIntoStaging).toBe(
      'COPY pg_temp.record_staging_sightings (id, note, seen, place_lon, place_lat, secret) FROM STDIN',
    );
    expect(squeeze(sightings.sql.insertKeysFromStaging)).toMatch(
      /FROM \(SELECT id, note, seen, place_lon, place_lat, secret FROM pg_temp\.record_staging_sightings\) AS r ON CONFLICT \(note\) DO NOTHING RETURNING id$/,
    );
    expect(squeeze(sightings.sql.insertKeys)).toMatch(/AS r\(id, note.*RETURNING id$/);
  });

  it('copies only the fields that vary in a batch, and takes the others as parameters', () => {
    expect(sightings.copyIntoStaging(['id', 'note'])).toBe(
      'COPY pg_temp.record_staging_sightings (id, note) FROM STDIN',
    );
    expect(squeeze(sightings.insertKeysFromStaging(['seen', 'secret']))).toContain(
      'FROM (SELECT id, note, $1::boolean AS seen, place_lon, place_lat, $2::text AS secret ' +
        'FROM pg_temp.record_staging_sightings) AS r',
    );
    expect(() => sightings.copyIntoStaging(['nothing'])).toThrow(/no field nothing/);
  });

  it('writes a COPY line in the text format: escapes, \\N for NULL, t/f for booleans', () => {
    expect(copyLine(sightings.fields, sighting)).toBe(
      `${sighting.id}\ttab\\there, back\\\\slash\\nnew line\tt\t-123.1207\t49.2827\t\\N\n`,
    );
    expect(copyField('a\rb')).toBe('a\\rb');
    expect(copyField(false)).toBe('f');
    expect(copyLine(sightings.fields, { ...sighting, at: null })).toContain('\t\\N\t\\N\t');
    expect(
      copyLines(
        [
          ['a', 'b'],
          [1, null],
        ],
        0,
        2,
      ),
    ).toBe('a\t1\nb\t\\N\n');
    expect(
      copyLines(
        [
          ['a', 'b'],
          [1, null],
        ],
        1,
        2,
      ),
    ).toBe('b\t\\N\n');
  });

  it('updates named columns by key, reading back qualified columns', () => {
    const sql = squeeze(sightings.update(['note', 'place']));
    expect(sql).toBe(
      squeeze(`UPDATE sightings AS t SET note = r.note,
          place = CASE WHEN r.place_lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(r.place_lon, r.place_lat), 4326) END
        FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[]) AS r(id, note, place_lon, place_lat)
        WHERE t.id = r.id
        RETURNING t.id AS id, t.note AS note, t.seen AS seen, ST_X(t.place) AS place_lon,
          ST_Y(t.place) AS place_lat, t.secret AS secret`),
    );
    expect(sightings.parameters([sighting], ['note', 'place'])).toEqual([
      [sighting.id],
      [sighting.note],
      [-123.1207],
      [49.2827],
    ]);
    expect(() => sightings.update(['id'])).toThrow(/key/);
    expect(() => sightings.update(['nothing'])).toThrow(/no column nothing/);
  });

  it('refuses names that are not plain identifiers, two fields of one name, and a missing key', () => {
    const id = valueColumn<Sighting>('id', 'uuid', (r) => r.id);
    expect(() => valueColumn<Sighting>('id; DROP TABLE x', 'text', (r) => r.id)).toThrow();
    expect(() => defineTable<Sighting>({ name: 'x y', key: 'id', columns: [id] })).toThrow();
    expect(() => defineTable<Sighting>({ name: 't', key: 'id', columns: [id, id] })).toThrow(
      /two fields named id/,
    );
    expect(() => defineTable<Sighting>({ name: 't', key: 'other', columns: [id] })).toThrow(
      /not a value column/,
    );
  });
});

describe('the incidents table', () => {
  const record: IncidentRecord = {
    id: '0190a6d2-7b3c-7def-8123-456789abcdef',
    category: 'theft',
    priority: 3,
    status: 'open',
    visibility: 'point',
    source: 'cad-feed',
    occurredAt: '2026-03-01T10:00:00.000Z',
    reportedAt: '2026-03-01T10:01:00.000Z',
    createdAt: '2026-03-01T10:02:00.000Z',
    updatedAt: '2026-03-01T10:02:00.000Z',
    publicSummary: 'Bicycle taken from [address]',
    publicLocation: { lon: -123.12, lat: 49.28 },
    publicDistrict: 'Downtown',
    publicBlock: '0XX Main St',
    publicPlace: 'near 0XX Main St, Downtown',
    summary: 'Bicycle taken from 12 Main St',
    externalRef: null,
    location: { lon: -123.1207, lat: 49.2827 },
  };

  it('keeps the exact place, the full text and the external reference out of public reads', () => {
    const publicList = incidentsTable.sql.selectPublic;
    expect(publicList).toContain('ST_X(public_location) AS public_lon');
    expect(publicList).toContain('public_summary');
    expect(publicList).not.toMatch(/\bsummary\b|external_ref|\blocation\b/);
    expect(incidentsTable.sql.selectAll).toContain('ST_X(location) AS exact_lon');
  });

  it('lets a change write what a dispatcher may change and what follows from it, nothing else', () => {
    expect(incidentsTable.updatable).toEqual([
      'category',
      'priority',
      'status',
      'visibility',
      'updated_at',
      'public_summary',
      'public_location',
      'public_district',
      'public_block',
      'public_place',
      'summary',
    ]);
  });

  it('skips a duplicate (source, external_ref) and writes a hidden incident with no public point', () => {
    expect(incidentsTable.sql.insert).toContain('ON CONFLICT (source, external_ref) DO NOTHING');
    const hidden = { ...record, visibility: 'hidden' as const, publicLocation: null };
    const line = copyLine(incidentsTable.fields, hidden).split('\t');
    const names = incidentsTable.fields.map((field) => field.name);
    expect(line[names.indexOf('public_lon')]).toBe('\\N');
    expect(line[names.indexOf('exact_lon')]).toBe('-123.1207');
  });
});
