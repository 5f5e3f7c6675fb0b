import { haversineMetres } from '../../../shared/geo/distance.js';
import type { LonLat } from '../../../shared/schemas/common.js';
import type { IncidentRecord } from './incident-store.js';

/** How the list is ordered: newest first, or nearest the map's centre first. */
export const LIST_ORDERS = ['time', 'distance'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];
export const DEFAULT_LIST_ORDER: ListOrder = 'time';

export function isListOrder(value: unknown): value is ListOrder {
  return (LIST_ORDERS as readonly unknown[]).includes(value);
}

export type OrderableRecord = Pick<IncidentRecord, 'id' | 'lon' | 'lat' | 'occurredAtMs'> & {
  properties: Pick<IncidentRecord['properties'], 'locationPrecision'> & {
    publicLocation?: LonLat | null;
  };
};

/**
 * The point the public sees: a public record's own point; for a dispatcher's record (exact
 * point) its public location, null when the public sees none. Distances use it only, so the
 * order never tells more than the public map does.
 */
export function publicPointOf(record: OrderableRecord): LonLat | null {
  if (record.properties.locationPrecision !== 'exact') return { lon: record.lon, lat: record.lat };
  return record.properties.publicLocation ?? null;
}

const newestFirst = (a: OrderableRecord, b: OrderableRecord) =>
  b.occurredAtMs - a.occurredAtMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The records in the order chosen, as a new array. By distance: nearest the centre first
 * (haversine on the public points), ties newest first, records without a public point last.
 */
export function orderRecords<R extends OrderableRecord>(
  records: readonly R[],
  order: ListOrder,
  centre: LonLat | null,
): R[] {
  if (order === 'time' || centre === null) return [...records].sort(newestFirst);
  const keyed = records.map((record) => {
    const point = publicPointOf(record);
    return { record, metres: point ? haversineMetres(centre, point) : Number.POSITIVE_INFINITY };
  });
  keyed.sort((a, b) => a.metres - b.metres || newestFirst(a.record, b.record));
  return keyed.map((entry) => entry.record);
}

/** The order in the query string as `sort=distance`; the default (time) is left out. */
const ORDER_PARAM = 'sort';

export function parseListOrder(search: string): ListOrder {
  const value = new URLSearchParams(search).get(ORDER_PARAM);
  return isListOrder(value) ? value : DEFAULT_LIST_ORDER;
}

/** The query string with the order set, keeping the parameters other settings own. */
export function formatListOrder(order: ListOrder, current: string): string {
  const params = new URLSearchParams(current);
  if (order === DEFAULT_LIST_ORDER) params.delete(ORDER_PARAM);
  else params.set(ORDER_PARAM, order);
  const text = params.toString();
  return text ? `?${text}` : '';
}
