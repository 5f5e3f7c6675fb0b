import type pg from 'pg';
import type { DistrictCollection, DistrictFeature } from '../../shared/schemas/district.js';
import { etagOf } from '../etag.js';
import { SELECT_DISTRICT_MAP, SELECT_DISTRICTS_VERSION } from './districts.queries.js';

/** About 5 m at the latitudes people live at: finer than a boundary line drawn on screen. */
const SIMPLIFY_DEGREES = 0.00005;

export interface DistrictMap {
  /** The FeatureCollection as sent, JSON text. */
  body: string;
  etag: string;
}

interface DistrictMapRow {
  id: string;
  name: string;
  geometry: string;
  label_lon: number;
  label_lat: number;
}

function toFeature(row: DistrictMapRow): DistrictFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry: JSON.parse(row.geometry) as DistrictFeature['geometry'],
    properties: { name: row.name, labelPoint: [row.label_lon, row.label_lat] },
  };
}

async function renderDistrictMap(pool: pg.Pool): Promise<DistrictMap> {
  const rows = (await pool.query<DistrictMapRow>(SELECT_DISTRICT_MAP, [SIMPLIFY_DEGREES])).rows;
  const collection: DistrictCollection = {
    type: 'FeatureCollection',
    features: rows.map(toFeature),
  };
  const body = JSON.stringify(collection);
  return { body, etag: etagOf(body) };
}

/**
 * The districts for the map. Simplifying shapes and finding label points is the costly part and
 * districts change only with an import, so the answer is kept until the table's version moves:
 * a request then costs one small query.
 */
export function districtMapReader(pool: pg.Pool): () => Promise<DistrictMap> {
  let kept: { version: string; map: Promise<DistrictMap> } | null = null;
  return async () => {
    const version = (await pool.query<{ version: string }>(SELECT_DISTRICTS_VERSION)).rows[0]
      ?.version;
    if (version === undefined) return renderDistrictMap(pool);
    if (kept?.version !== version) {
      const map = renderDistrictMap(pool);
      kept = { version, map };
      // A failed render is not kept: the next request tries again.
      map.catch(() => {
        if (kept?.map === map) kept = null;
      });
    }
    return kept.map;
  };
}
