import type {
  Accountability,
  AccountabilityDetail,
  AccountabilityPeriod,
} from '../../../shared/schemas/accountability.js';
import { ApiError, request } from './http.js';

/** What the accountability view asks for: a period (ending now) and one priority. */
export interface AccountabilityRequest {
  period: AccountabilityPeriod;
  priority: number;
  signal?: AbortSignal;
}

function params(query: AccountabilityRequest): URLSearchParams {
  return new URLSearchParams({ period: query.period, priority: String(query.priority) });
}

const init = (signal?: AbortSignal): RequestInit => (signal ? { signal } : {});

/** GET /api/v1/accountability: the figures per district and for the whole area. */
export function fetchAccountability(query: AccountabilityRequest): Promise<Accountability> {
  return request(`/api/v1/accountability?${params(query).toString()}`, init(query.signal));
}

/** The same as district polygons (`Accept: application/geo+json`), for the choropleth. */
export async function fetchAccountabilityShapes(
  query: AccountabilityRequest,
): Promise<GeoJSON.FeatureCollection> {
  const response = await fetch(`/api/v1/accountability?${params(query).toString()}`, {
    ...init(query.signal),
    headers: { accept: 'application/geo+json' },
    credentials: 'same-origin',
  });
  if (!response.ok) {
    throw new ApiError(response.status, 'http_error', `district shapes: HTTP ${response.status}`);
  }
  return (await response.json()) as GeoJSON.FeatureCollection;
}

/**
 * GET /api/v1/accountability/detail: one district's charts (none: the whole area's), of every
 * priority (the charts show the distribution per priority).
 */
export function fetchAccountabilityDetail(
  query: Omit<AccountabilityRequest, 'priority'>,
  district: string | null,
): Promise<AccountabilityDetail> {
  const search = new URLSearchParams({ period: query.period });
  if (district !== null) search.set('district', district);
  return request(`/api/v1/accountability/detail?${search.toString()}`, init(query.signal));
}
