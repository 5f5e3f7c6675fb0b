import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { EXTENT, LAYER_NAME } from './tile-rules.js';
import { FEATURE_PROPERTIES } from './tiles.queries.js';

/** A row of buildTileRowsQuery(…, 'node'): tile-local coordinates and nullable properties. */
export type TileRow = { x: number; y: number } & Record<
  (typeof FEATURE_PROPERTIES)[number],
  string | number | null
>;

/**
 * A point feature as geojson-vt hands it to fromGeojsonVt: tile-local integer coordinates.
 * Spelled out here because the package's declarations import their own files without file
 * extensions, which NodeNext resolution cannot follow, so its parameter types arrive as `any`.
 */
interface PointFeature {
  type: 1;
  geometry: [number, number][];
  tags: Record<string, string | number>;
}

/**
 * Encodes tile rows as ST_AsMVT would: one point feature per row in row order, null properties
 * left out, numbers as numbers (pg hands bigint over as text, hence the conversion).
 */
export function encodeTileRows(rows: readonly TileRow[]): Buffer {
  const features = rows.map((row): PointFeature => {
    const tags: Record<string, string | number> = {};
    for (const name of FEATURE_PROPERTIES) {
      const value = row[name];
      if (value === null) continue;
      tags[name] = name === 'occurredAt' ? Number(value) : value;
    }
    return { type: 1, geometry: [[row.x, row.y]], tags };
  });
  if (features.length === 0) return Buffer.alloc(0);
  const bytes = fromGeojsonVt({ [LAYER_NAME]: { features } }, { version: 2, extent: EXTENT });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
