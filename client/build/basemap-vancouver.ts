import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import type { FeatureCollection, Point } from 'geojson';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { VANCOUVER_AREAS_PATH, VANCOUVER_STREETS } from '../src/map/vancouver-basemap.js';
import { toRoundedJson, type BasemapFiles } from './basemap-files.js';

const gunzipAsync = promisify(gunzip);
const DATA_DIR = new URL('../basemap-data/vancouver/', import.meta.url);
const EXTENT = 4096;

/**
 * What this module uses of geojson-vt's index, spelled out because the package's declarations
 * import their own files without extensions, which NodeNext resolution cannot follow.
 */
interface StreetTile {
  features: unknown[];
}
interface TileIndex {
  getTile(z: number, x: number, y: number): StreetTile | null;
}
const StreetIndex = GeoJSONVT as unknown as new (
  data: FeatureCollection,
  options: Record<string, number>,
) => TileIndex;
const encodeTile = fromGeojsonVt as unknown as (
  layers: Record<string, StreetTile>,
  options: { version: number; extent: number },
) => Uint8Array;

/** Tile x, y of a longitude and latitude at zoom z (Web Mercator, as MapLibre asks for them). */
function tileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function tileY(lat: number, z: number): number {
  const rad = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
}

/**
 * The street centrelines cut into static vector tiles, z11–z14 over the city's bounds: a visit
 * loads only the tiles in view (~10–20 KB each compressed) instead of the 3 MB of GeoJSON.
 */
export async function vancouverStreetTiles(): Promise<BasemapFiles> {
  const text = await gunzipAsync(await readFile(new URL('public-streets.geojson.gz', DATA_DIR)));
  const streets = JSON.parse(text.toString('utf8')) as FeatureCollection;
  const { bounds, path, layer } = VANCOUVER_STREETS;
  const { minzoom, maxzoom }: { minzoom: number; maxzoom: number } = VANCOUVER_STREETS;
  const index = new StreetIndex(streets, {
    maxZoom: maxzoom,
    indexMaxZoom: maxzoom,
    indexMaxPoints: 0,
    extent: EXTENT,
  });
  const [west, south, east, north] = bounds;
  const files: BasemapFiles = new Map();
  for (let z = minzoom; z <= maxzoom; z++) {
    for (let x = tileX(west, z); x <= tileX(east, z); x++) {
      for (let y = tileY(north, z); y <= tileY(south, z); y++) {
        const tile = index.getTile(z, x, y);
        if (!tile || tile.features.length === 0) continue;
        const bytes = encodeTile({ [layer]: tile }, { version: 2, extent: EXTENT });
        files.set(`${path.slice('/basemap/'.length)}/${z}/${x}/${y}.pbf`, bytes);
      }
    }
  }
  return files;
}

/** The local areas' label points, with only their names. */
export async function vancouverAreaLabels(): Promise<BasemapFiles> {
  const text = await readFile(new URL('local-area-labels.geojson', DATA_DIR), 'utf8');
  const areas = JSON.parse(text) as FeatureCollection<Point>;
  const named = areas.features.map((feature) => ({
    type: 'Feature',
    properties: { name: String(feature.properties?.name ?? '') },
    geometry: feature.geometry,
  }));
  const name = VANCOUVER_AREAS_PATH.slice('/basemap/'.length);
  return new Map([[name, toRoundedJson({ type: 'FeatureCollection', features: named })]]);
}
