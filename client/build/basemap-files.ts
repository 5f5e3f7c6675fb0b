/** Files of the offline basemap by their name under /basemap/: GeoJSON text or tile bytes. */
export type BasemapFiles = Map<string, string | Uint8Array>;

/** ~1 m at the equator: finer than any of the basemap's sources, and half the bytes of floats. */
const DECIMALS = 5;
const SCALE = 10 ** DECIMALS;

export function toRoundedJson(geoJson: unknown): string {
  return JSON.stringify(geoJson, (_key, value: unknown) =>
    typeof value === 'number' ? Math.round(value * SCALE) / SCALE : value,
  );
}

const CONTENT_TYPES: Record<string, string> = {
  geojson: 'application/geo+json',
  pbf: 'application/vnd.mapbox-vector-tile',
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
}
