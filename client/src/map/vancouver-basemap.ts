/**
 * The demo city's street and neighbourhood layers of the offline basemap: where the build puts
 * them (client/build/basemap-vancouver.ts) and what the style asks for (basemap-style.ts).
 */
export const VANCOUVER_STREETS = {
  /** Tiles at /basemap/vancouver-streets/{z}/{x}/{y}.pbf, one layer of street centrelines. */
  path: '/basemap/vancouver-streets',
  layer: 'streets',
  minzoom: 11,
  /** Past it MapLibre overzooms the z14 tiles, as it does for any vector source. */
  maxzoom: 14,
  /** The City of Vancouver, a little wider than its streets: no tile is asked for elsewhere. */
  bounds: [-123.23, 49.19, -123.02, 49.3] as [number, number, number, number],
} as const;

/** The 22 local areas' label points (`name`), as GeoJSON. */
export const VANCOUVER_AREAS_PATH = '/basemap/vancouver-areas.geojson';

/** The attribution the Open Government Licence – Vancouver asks for. */
export const VANCOUVER_ATTRIBUTION =
  'Contains information licensed under the <a href="https://opendata.vancouver.ca/pages/licence/">Open Government Licence – Vancouver</a>';
