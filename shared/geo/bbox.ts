/** A bounding box as `[minLon, minLat, maxLon, maxLat]` (RFC 7946 order). */
export type Bbox = [number, number, number, number];

export type BboxResult = { ok: true; bbox: Bbox } | { ok: false; message: string };

/** Parses `minLon,minLat,maxLon,maxLat`: the one place the bbox rules are checked, for server and client. */
export function parseBbox(text: string): BboxResult {
  const parts = text.split(',');
  if (parts.length !== 4) {
    return { ok: false, message: `bbox needs 4 comma-separated numbers, got ${parts.length}` };
  }
  const numbers = parts.map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (numbers.some((n) => !Number.isFinite(n))) {
    return { ok: false, message: 'bbox parts must be finite numbers' };
  }
  return checkBbox(numbers as Bbox);
}

export function checkBbox(bbox: Bbox): BboxResult {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) {
    return { ok: false, message: 'bbox parts must be finite numbers' };
  }
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    return {
      ok: false,
      message: 'bbox must lie within longitude [-180, 180] and latitude [-90, 90]',
    };
  }
  if (minLon >= maxLon || minLat >= maxLat) {
    return { ok: false, message: 'bbox minimums must be smaller than its maximums' };
  }
  return { ok: true, bbox };
}

/** Whether the point lies in the box, edges included. */
export function containsPoint(bbox: Readonly<Bbox>, lon: number, lat: number): boolean {
  return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
}
