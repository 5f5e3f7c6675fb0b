import type pg from 'pg';
import { formatCoordinates, parseCoordinates } from '../../shared/geo/coordinates.js';
import type { Place, PlacesQuery } from '../../shared/schemas/places.js';
import { withTransaction } from '../db/transaction.js';
import { InvalidRequestError } from '../errors.js';
import type { Geocoder } from './geocoder.js';
import { SELECT_MATCHING_PLACES, escapeLike } from './places.queries.js';

interface PlaceRow {
  kind: 'district' | 'block';
  name: string;
  district: string | null;
  lon: number;
  lat: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

export interface PlaceSearchLog {
  warn(object: object, message: string): void;
}

const DEFAULT_LIMIT = 8;

/**
 * Typed coordinates are answered as they are (nothing to look up, nothing sent anywhere);
 * anything else is looked up in the districts and the public blocks, and at the geocoder when
 * one is configured. A geocoder that fails or is slow is logged and left out.
 */
export async function searchPlaces(
  pool: pg.Pool,
  geocoder: Geocoder | null,
  log: PlaceSearchLog,
  query: PlacesQuery,
): Promise<Place[]> {
  const text = query.q.trim().replace(/\s+/g, ' ');
  if (text === '') throw new InvalidRequestError('q must contain more than spaces');
  const limit = query.limit ?? DEFAULT_LIMIT;
  const coordinates = parseCoordinates(text);
  if (coordinates) {
    return [
      {
        kind: 'coordinates',
        name: formatCoordinates(coordinates),
        center: [coordinates.lon, coordinates.lat],
      },
    ];
  }
  const [local, addresses] = await Promise.all([
    localPlaces(pool, text, limit),
    geocoder ? geocoder(text, limit).catch((error: unknown) => failedGeocoder(log, error)) : [],
  ]);
  // The data's own places first; addresses keep at least half the list when there are any.
  const localShown = Math.max(limit - addresses.length, Math.ceil(limit / 2));
  return [...local.slice(0, localShown), ...addresses].slice(0, limit);
}

async function localPlaces(pool: pg.Pool, text: string, limit: number): Promise<Place[]> {
  return withTransaction(pool, async (client) => {
    // A search reads a few index entries: starting parallel workers for it costs more than
    // the search itself (tenfold on a busy server).
    await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    const result = await client.query<PlaceRow>(SELECT_MATCHING_PLACES, [
      text,
      escapeLike(text),
      limit,
    ]);
    return result.rows.map(placeOfRow);
  });
}

function placeOfRow(row: PlaceRow): Place {
  const place: Place = { kind: row.kind, name: row.name, center: [row.lon, row.lat] };
  if (row.district !== null) place.district = row.district;
  // One point (a block seen at a single public point) has no extent to fit the map to.
  if (row.min_lon < row.max_lon || row.min_lat < row.max_lat) {
    place.bbox = [row.min_lon, row.min_lat, row.max_lon, row.max_lat];
  }
  return place;
}

function failedGeocoder(log: PlaceSearchLog, error: unknown): Place[] {
  log.warn({ geocoderError: error instanceof Error ? error.message : String(error) }, 'geocoder');
  return [];
}
