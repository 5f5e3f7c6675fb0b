import type { LonLat } from '../privacy/geomask.js';
import { describePlace, districtLookupPoint } from '../privacy/place-description.js';
import type { Queryable } from '../record/record-session.js';
import type { IncidentRecord, UnplacedRecord } from './incident-table.js';

/**
 * The names of the districts at the given points, in their order (null: no point, or no
 * district there): one query for a whole batch. district_at() is migrations/009's.
 */
const SELECT_DISTRICT_NAMES_AT = `
  SELECT d.name FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, position)
  LEFT JOIN districts AS d ON p.lon IS NOT NULL
    AND d.id = district_at(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
  ORDER BY p.position`;

/** Where each record's district is looked up: its public point, if its policy shows one. */
export function districtLookupPoints(records: readonly UnplacedRecord[]): (LonLat | null)[] {
  return records.map((r) => districtLookupPoint(r.visibility, r.publicLocation));
}

/** The records with their places, given the district names at their lookup points. */
export function withPlaces(
  records: readonly UnplacedRecord[],
  districtNames: readonly (string | null)[],
): IncidentRecord[] {
  return records.map((record, i) => {
    const place = describePlace(record.visibility, record.publicBlock, districtNames[i] ?? null);
    return {
      ...record,
      publicDistrict: place.district,
      publicBlock: place.block,
      publicPlace: place.place,
    };
  });
}

/**
 * Gives each record its public place: the district of its PUBLIC point (never of the exact
 * one, so that the district reveals no more than the grid cell), and the phrase made of it and
 * the generalised block (server/privacy/place-description.ts). Call it in the transaction that
 * writes the records, before their events are made and hashed.
 */
export async function placeRecords(
  db: Queryable,
  records: readonly UnplacedRecord[],
): Promise<IncidentRecord[]> {
  const points = districtLookupPoints(records);
  if (points.every((point) => point === null)) return withPlaces(records, []);
  const found = await db.query<{ name: string | null }>(SELECT_DISTRICT_NAMES_AT, [
    points.map((point) => point?.lon ?? null),
    points.map((point) => point?.lat ?? null),
  ]);
  return withPlaces(
    records,
    found.rows.map((row) => row.name),
  );
}
