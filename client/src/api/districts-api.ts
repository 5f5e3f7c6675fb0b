import type { DistrictCollection, DistrictFeature } from '../../../shared/schemas/district.js';
import { request } from './http.js';

/** A district as a picker offers it: its name and the box around its shape. */
export interface DistrictChoice {
  name: string;
  bounds: [[number, number], [number, number]];
}

function bounds(feature: DistrictFeature): DistrictChoice['bounds'] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of feature.geometry.coordinates) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        west = Math.min(west, lon);
        south = Math.min(south, lat);
        east = Math.max(east, lon);
        north = Math.max(north, lat);
      }
    }
  }
  return [
    [west, south],
    [east, north],
  ];
}

/** GET /api/v1/districts as choices, by name in the page's language's order. */
export async function fetchDistrictChoices(
  locale: string,
  signal?: AbortSignal,
): Promise<DistrictChoice[]> {
  const collection = await request<DistrictCollection>(
    '/api/v1/districts',
    signal ? { signal } : {},
  );
  return collection.features
    .map((feature) => ({ name: feature.properties.name, bounds: bounds(feature) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}
