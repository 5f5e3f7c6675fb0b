import type { Place } from '../../shared/schemas/places.js';
import type { GeocoderFormat, GeocoderOptions } from '../config.js';

/**
 * An optional address search (GEOCODER_URL): a Nominatim-compatible service
 * (`/search?q=…&format=jsonv2`) or a Photon-compatible one (`/api?q=…`, GeoJSON). Only the typed
 * query leaves the machine, and only when an operator configured one. It answers within a short
 * timeout or not at all: a slow or failing geocoder leaves the local results alone.
 */
export type Geocoder = (query: string, limit: number) => Promise<Place[]>;

const USER_AGENT = 'Openbeat (public-safety map; place search)';

/** The endpoint of the service: its /search (Nominatim) or /api (Photon) path. */
export function geocoderEndpoint(url: string, format: GeocoderFormat): URL {
  const endpoint = new URL(url);
  const path = format === 'photon' ? 'api' : 'search';
  const segments = endpoint.pathname.split('/').filter((segment) => segment !== '');
  if (segments.at(-1) !== path) segments.push(path);
  endpoint.pathname = `/${segments.join('/')}`;
  return endpoint;
}

export function createGeocoder(options: GeocoderOptions): Geocoder {
  return async (query, limit) => {
    const url = geocoderEndpoint(options.url, options.format);
    url.searchParams.set('q', query);
    url.searchParams.set('limit', String(limit));
    if (options.format === 'nominatim') url.searchParams.set('format', 'jsonv2');
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': USER_AGENT },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new Error(`the geocoder answered ${response.status}`);
    const body: unknown = await response.json();
    const places = options.format === 'photon' ? photonPlaces(body) : nominatimPlaces(body);
    return places.slice(0, limit);
  };
}

const MAX_NAME_LENGTH = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function validPoint(lon: number | null, lat: number | null): lon is number {
  return lon !== null && lat !== null && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

/** A bbox the map can fit to, or none (a point answer, or numbers out of range). */
function validBbox(
  minLon: unknown,
  minLat: unknown,
  maxLon: unknown,
  maxLat: unknown,
): Place['bbox'] {
  const x0 = finite(minLon);
  const y0 = finite(minLat);
  const x1 = finite(maxLon);
  const y1 = finite(maxLat);
  if (!validPoint(x0, y0) || !validPoint(x1, y1) || y0 === null || y1 === null) return undefined;
  if (x0 >= x1 || y0 >= y1) return undefined;
  return [x0, y0, x1, y1];
}

function address(name: string, lon: number, lat: number, bbox: Place['bbox']): Place {
  const place: Place = {
    kind: 'address',
    name: name.slice(0, MAX_NAME_LENGTH),
    center: [lon, lat],
  };
  return bbox ? { ...place, bbox } : place;
}

/** Nominatim's jsonv2: an array of { display_name, lat, lon, boundingbox: [s, n, w, e] }. */
function nominatimPlaces(body: unknown): Place[] {
  if (!Array.isArray(body)) throw new Error('the geocoder answered no list');
  const places: Place[] = [];
  for (const entry of body as unknown[]) {
    if (!isRecord(entry)) continue;
    const lon = finite(entry.lon);
    const lat = finite(entry.lat);
    if (!validPoint(lon, lat) || lat === null || typeof entry.display_name !== 'string') continue;
    const box = Array.isArray(entry.boundingbox) ? (entry.boundingbox as unknown[]) : [];
    places.push(address(entry.display_name, lon, lat, validBbox(box[2], box[0], box[3], box[1])));
  }
  return places;
}

const PHOTON_NAME_PARTS = ['name', 'housenumber', 'street', 'city', 'state', 'country'] as const;

/** Photon: a GeoJSON FeatureCollection of points, properties.extent = [w, n, e, s]. */
function photonPlaces(body: unknown): Place[] {
  const features = (body as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) throw new Error('the geocoder answered no features');
  const places: Place[] = [];
  for (const feature of features as unknown[]) {
    if (!isRecord(feature)) continue;
    const geometry = isRecord(feature.geometry) ? feature.geometry : {};
    const coordinates = Array.isArray(geometry.coordinates)
      ? (geometry.coordinates as unknown[])
      : [];
    const lon = finite(coordinates[0]);
    const lat = finite(coordinates[1]);
    if (!validPoint(lon, lat) || lat === null) continue;
    const properties = isRecord(feature.properties) ? feature.properties : {};
    const name = photonName(properties);
    if (name === '') continue;
    const extent = Array.isArray(properties.extent) ? (properties.extent as unknown[]) : [];
    places.push(address(name, lon, lat, validBbox(extent[0], extent[3], extent[2], extent[1])));
  }
  return places;
}

/** "500, Homer Street, Vancouver, Canada": Photon gives the parts, not one line. */
function photonName(properties: Record<string, unknown>): string {
  const parts = PHOTON_NAME_PARTS.map((key) => properties[key]).filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  const [first, ...rest] = parts;
  // A street's name is the street itself: say it once.
  return [first, ...rest.filter((part) => part !== first)].filter(Boolean).join(', ');
}
