import { parseBbox, type Bbox } from './bbox.js';
import { checkTimeRange } from './time-range.js';

export interface PlaceAndTimeQuery {
  bbox?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type PlaceAndTimeResult =
  { ok: true; bbox: Bbox | undefined } | { ok: false; message: string };

/** The `bbox`, `from` and `to` of a query string, checked as every list and export checks them. */
export function parsePlaceAndTime(query: PlaceAndTimeQuery): PlaceAndTimeResult {
  let bbox: Bbox | undefined;
  if (query.bbox !== undefined) {
    const parsed = parseBbox(query.bbox);
    if (!parsed.ok) return parsed;
    bbox = parsed.bbox;
  }
  const range = checkTimeRange(query.from, query.to);
  if (!range.ok) return range;
  return { ok: true, bbox };
}
