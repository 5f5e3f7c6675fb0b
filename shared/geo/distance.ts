/** The spherical earth's radius (the one @turf/distance uses). */
export const EARTH_RADIUS_METRES = 6371008.8;

const RADIANS_PER_DEGREE = Math.PI / 180;

/** Great-circle distance (haversine) on the spherical earth of radius EARTH_RADIUS_METRES. */
export function haversineMetres(
  a: { lon: number; lat: number },
  b: { lon: number; lat: number },
): number {
  const sinHalfDLat = Math.sin(((b.lat - a.lat) * RADIANS_PER_DEGREE) / 2);
  const sinHalfDLon = Math.sin(((b.lon - a.lon) * RADIANS_PER_DEGREE) / 2);
  const h =
    sinHalfDLat * sinHalfDLat +
    Math.cos(a.lat * RADIANS_PER_DEGREE) *
      Math.cos(b.lat * RADIANS_PER_DEGREE) *
      sinHalfDLon *
      sinHalfDLon;
  const clamped = Math.min(1, Math.max(0, h));
  return 2 * EARTH_RADIUS_METRES * Math.atan2(Math.sqrt(clamped), Math.sqrt(1 - clamped));
}
