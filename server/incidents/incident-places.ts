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
  const points = records.map((r) => districtLookupPoint(r.visibility, r.publicLocation));
  let names: (string | null)[] = points.map(() => null);
  if (points.some((point) => point !== null)) {
    const found = await db.query<{ name: string | null }>(SELECT_DISTRICT_NAMES_AT, [
      points.map((point) => point?.lon ?? null),
      points.map((point) => point?.lat ?? null),
    ]);
    names = found.rows.map((row) => row.name);
  }
  return records.map((record, i) => {
    const place = describePlace(record.visibility, record.publicBlock, names[i] ?? null);
    return {
      ...record,
      publicDistrict: place.district,
      publicBlock: place.block,
      publicPlace: place.place,
    };
  });
}
