/**
 * Many synthetic incidents for measurements and tests at scale, made by the incident factory
 * (the write path's rules applied: policy, geomask, redaction) and copied into the table
 * without events: spread normally around a few cities, over the year before `until` in time
 * order (as a live system writes them), every category equally often.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CATEGORIES, type CategorySlug } from '../../shared/categories.js';
import { seededRandom, type Random } from '../../shared/random.js';
import { INCIDENT_STATUSES } from '../../shared/schemas/incident-constants.js';
import type { IncidentRecord } from '../../server/incidents/incident-table.js';
import { incidentRecord, insertIncidentRecords } from '../../tests/support/incident-factory.js';

export interface City {
  name: string;
  lon: number;
  lat: number;
}

/** Where the rows fall, an equal share each. */
export const CITIES: readonly City[] = [
  { name: 'Chicago', lon: -87.68, lat: 41.84 },
  { name: 'London', lon: -0.12, lat: 51.5 },
  { name: 'Vancouver', lon: -123.1, lat: 49.25 },
  { name: 'Berlin', lon: 13.4, lat: 52.52 },
  { name: 'Seattle', lon: -122.33, lat: 47.61 },
];

/** About the standard deviation of a city's spread in degrees (sum of three uniforms). */
const SPREAD_DEGREES = 0.12;
const YEAR_MS = 365 * 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SLUGS: readonly CategorySlug[] = CATEGORIES.map((category) => category.slug);

const spread = (random: Random) => (random() + random() + random() - 1.5) * SPREAD_DEGREES * 2;

/** Rows `first`…`last` (1-based) of `count`; row g lies at g/count of the year. */
function* syntheticRecords(
  first: number,
  last: number,
  count: number,
  until: Date,
): Generator<IncidentRecord> {
  const random = seededRandom(first);
  for (let g = first; g <= last; g += 1) {
    const city = CITIES[g % CITIES.length] ?? CITIES[0];
    if (!city) throw new Error('no cities');
    const at = until.getTime() - YEAR_MS * (1 - g / count) - random() * HOUR_MS;
    yield incidentRecord({
      // Random ids, not time-ordered ones: cheaper to make by the million.
      id: randomUUID(),
      category: SLUGS[Math.floor(random() * SLUGS.length)] ?? 'theft',
      priority: 1 + (g % 5),
      status: INCIDENT_STATUSES[g % INCIDENT_STATUSES.length] ?? 'open',
      summary: 'Synthetic incident',
      location: {
        lon: city.lon + spread(random) / Math.cos((city.lat * Math.PI) / 180),
        lat: city.lat + spread(random),
      },
      occurredAt: new Date(at),
      reportedAt: new Date(at + 4 * MINUTE_MS),
      createdAt: new Date(at + 5 * MINUTE_MS),
      source: 'synthetic',
    });
  }
}

/**
 * Inserts `count` rows split over `parallel` connections of the pool, rebuilds the secondary
 * indexes and ANALYZEs the table. Returns how long the load took, in ms.
 */
export async function loadSyntheticIncidents(
  pool: pg.Pool,
  options: { count: number; until: Date; parallel?: number },
): Promise<number> {
  const parallel = Math.max(1, options.parallel ?? 2);
  const started = performance.now();
  // Building an index once over all rows is far faster than a million GiST insertions; the
  // definitions are read back from the catalogue, so the indexes are exactly the migrations'.
  const secondary = await pool.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'incidents'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
  );
  for (const { name } of secondary.rows) await pool.query(`DROP INDEX "${name}"`);
  const per = Math.ceil(options.count / parallel);
  await Promise.all(
    Array.from({ length: parallel }, async (_, i) => {
      const first = i * per + 1;
      const last = Math.min(options.count, (i + 1) * per);
      if (first > last) return;
      await insertIncidentRecords(
        pool,
        syntheticRecords(first, last, options.count, options.until),
      );
    }),
  );
  await Promise.all(secondary.rows.map(({ definition }) => pool.query(definition)));
  const ms = performance.now() - started;
  await pool.query('ANALYZE incidents');
  return ms;
}

/** A viewport of about 10 × 7 km around a city's centre: a map of a district. */
export function cityViewport(city: City): [number, number, number, number] {
  const halfLat = 0.03;
  const halfLon = 0.06;
  return [city.lon - halfLon, city.lat - halfLat, city.lon + halfLon, city.lat + halfLat];
}
