import type { Bbox } from '../../../shared/geo/bbox.js';

/** [minLon, minLat, maxLon, maxLat] of a MultiPolygon's positions; null without any. */
export function bboxOfMultiPolygon(
  coordinates: readonly (readonly (readonly (readonly number[])[])[])[],
): Bbox | null {
  let box: Bbox | null = null;
  for (const polygon of coordinates) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        if (lon === undefined || lat === undefined) continue;
        box = box
          ? [
              Math.min(box[0], lon),
              Math.min(box[1], lat),
              Math.max(box[2], lon),
              Math.max(box[3], lat),
            ]
          : [lon, lat, lon, lat];
      }
    }
  }
  return box;
}
