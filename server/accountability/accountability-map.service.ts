import type pg from 'pg';
import type {
  Accountability,
  AccountabilityCollection,
} from '../../shared/schemas/accountability.js';
import { SELECT_DISTRICT_SHAPES } from './accountability.queries.js';

/** About 5 m, as the district map (server/districts): finer than a border drawn on screen. */
const SIMPLIFY_DEGREES = 0.00005;

type Geometry = AccountabilityCollection['features'][number]['geometry'];

/** The figures on the district shapes, for a choropleth (Accept: application/geo+json). */
export async function accountabilityCollection(
  pool: pg.Pool,
  table: Accountability,
): Promise<AccountabilityCollection> {
  const shapes = await pool.query<{ id: string; name: string; geometry: string }>(
    SELECT_DISTRICT_SHAPES,
    [SIMPLIFY_DEGREES],
  );
  const byName = new Map(shapes.rows.map((row) => [row.name, row]));
  return {
    type: 'FeatureCollection',
    period: table.period,
    previousPeriod: table.previousPeriod,
    k: table.k,
    total: table.total,
    features: table.districts.flatMap((statistics) => {
      const shape = byName.get(statistics.district ?? '');
      if (!shape) return [];
      return [
        {
          type: 'Feature' as const,
          id: shape.id,
          geometry: JSON.parse(shape.geometry) as Geometry,
          properties: statistics,
        },
      ];
    }),
  };
}
