/**
 * Where a first visit (no `#zoom/lat/lon` in the link) looks: the bounds of most of the data,
 * trimming the outer 2% on each side so one stray geocode does not zoom the map out to the world.
 */
export type Bounds = [[number, number], [number, number]];

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[index] ?? 0;
}

export function dataBounds(points: readonly [number, number][], trim = 0.02): Bounds | null {
  if (points.length === 0) return null;
  const lons = points.map(([lon]) => lon).sort((a, b) => a - b);
  const lats = points.map(([, lat]) => lat).sort((a, b) => a - b);
  const west = quantile(lons, trim);
  const east = quantile(lons, 1 - trim);
  const south = quantile(lats, trim);
  const north = quantile(lats, 1 - trim);
  // A single place: open a small box around it rather than zooming to the street.
  const pad = 0.01;
  return [
    [west - (east - west < pad ? pad : 0), south - (north - south < pad ? pad : 0)],
    [east + (east - west < pad ? pad : 0), north + (north - south < pad ? pad : 0)],
  ];
}
