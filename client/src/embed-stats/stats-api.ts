import type { StatsEmbedParams } from '../../../shared/embed/embed-params.js';
import type { Bbox } from '../../../shared/geo/bbox.js';
import type { Accountability } from '../../../shared/schemas/accountability.js';
import type { DistrictCollection } from '../../../shared/schemas/district.js';
import { bboxOfMultiPolygon } from './district-bbox.js';

/** Why the figures cannot be shown: the district does not exist, or the server failed us. */
export class StatsLoadError extends Error {
  constructor(
    readonly kind: 'unknownDistrict' | 'load',
    message: string,
  ) {
    super(message);
    this.name = 'StatsLoadError';
  }
}

/**
 * Public data only: the embed sends no cookie (`credentials: 'omit'`), so whoever is signed in
 * to Openbeat in the same browser, the frame sees what everybody sees.
 */
async function getJson<T>(path: string, cache: RequestCache = 'default'): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'omit',
      headers: { accept: 'application/json' },
      cache,
    });
  } catch (error) {
    throw new StatsLoadError('load', `${path}: ${String(error)}`);
  }
  if (response.status === 404) throw new StatsLoadError('unknownDistrict', `${path}: 404`);
  if (!response.ok) throw new StatsLoadError('load', `${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * GET /api/v1/accountability for the embed's district, period and (optional) priority. A
 * refresh (`fresh`) revalidates: the answer may be cached for seconds, and an event just said
 * it changed (an unchanged one costs a 304).
 */
export function fetchStats(params: StatsEmbedParams, fresh = false): Promise<Accountability> {
  const query = new URLSearchParams({ period: params.period, district: params.district });
  if (params.priority !== null) query.set('priority', String(params.priority));
  return getJson(`/api/v1/accountability?${query.toString()}`, fresh ? 'no-cache' : 'default');
}

/** The district's bounding box (what the live stream is subscribed to); null if it is unknown. */
export async function fetchDistrictBbox(name: string): Promise<Bbox | null> {
  const districts = await getJson<DistrictCollection>('/api/v1/districts');
  const district = districts.features.find((feature) => feature.properties.name === name);
  return district ? bboxOfMultiPolygon(district.geometry.coordinates) : null;
}
