import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature, mesh } from 'topojson-client';
import type { Objects, Topology } from 'topojson-specification';

/** ~1 m at the equator: far finer than the 1:10m source data, and half the bytes of full floats. */
const DECIMALS = 5;
const SCALE = 10 ** DECIMALS;

const require = createRequire(import.meta.url);

async function readTopology(name: string): Promise<Topology<Objects>> {
  const file = require.resolve(`world-atlas/${name}`);
  return JSON.parse(await readFile(file, 'utf8')) as Topology<Objects>;
}

function toRoundedJson(geoJson: unknown): string {
  return JSON.stringify(geoJson, (_key, value: unknown) =>
    typeof value === 'number' ? Math.round(value * SCALE) / SCALE : value,
  );
}

/** Natural Earth land polygons (1:10m) as a GeoJSON FeatureCollection. */
export async function landGeoJson(): Promise<string> {
  const topology = await readTopology('land-10m.json');
  const land = topology.objects.land;
  if (!land) throw new Error('world-atlas/land-10m.json has no "land" object');
  return toRoundedJson(feature(topology, land));
}

/** Borders between countries (not coastlines: each shared arc once) as a FeatureCollection. */
export async function boundariesGeoJson(): Promise<string> {
  const topology = await readTopology('countries-10m.json');
  const countries = topology.objects.countries;
  if (!countries) throw new Error('world-atlas/countries-10m.json has no "countries" object');
  const borders = mesh(topology, countries, (a, b) => a !== b);
  return toRoundedJson({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: borders }],
  });
}

/** The files under /basemap/, by name. */
export const BASEMAP_FILES: Record<string, () => Promise<string>> = {
  'land.geojson': landGeoJson,
  'boundaries.geojson': boundariesGeoJson,
};
