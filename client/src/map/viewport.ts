import type { Bbox } from '../../../shared/geo/bbox.js';

/** The map's bounds as the API's bbox: clamped to the world, min < max, 6 decimals. */
export function viewportBbox(west: number, south: number, east: number, north: number): Bbox {
  const clamp = (value: number, limit: number) => Math.min(limit, Math.max(-limit, value));
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  let minLon = round(clamp(west, 180));
  let maxLon = round(clamp(east, 180));
  if (east - west >= 360) {
    minLon = -180;
    maxLon = 180;
  }
  const minLat = round(clamp(south, 90));
  const maxLat = round(clamp(north, 90));
  return [
    minLon,
    minLat,
    maxLon > minLon ? maxLon : minLon + 1e-6,
    Math.max(maxLat, minLat + 1e-6),
  ];
}
