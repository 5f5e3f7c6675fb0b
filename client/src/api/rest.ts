import type { CategorySlug } from '../../../shared/categories.js';
import type { Bbox } from '../../../shared/geo/bbox.js';
import type { ClientConfig } from '../../../shared/schemas/client-config.js';
import type { IncidentSummary } from '../../../shared/schemas/incident-summary.js';
import type { IncidentCreate, IncidentPatch } from '../../../shared/schemas/incident.js';
import type {
  DispatcherIncidentFeature,
  IncidentCollection,
  IncidentFeature,
} from '../../../shared/schemas/incident-feature.js';
import type { Place } from '../../../shared/schemas/places.js';
import { ApiError, jsonInit, request, type Credentials } from './http.js';

export { ApiError, type Credentials };

/** The filters of a view, as the list, the summary and the exports take them. */
export interface ViewQuery {
  bbox?: Bbox;
  fromMs?: number;
  toMs?: number;
  categories?: CategorySlug[];
}

export interface IncidentQuery extends ViewQuery {
  signal?: AbortSignal;
  /** Stop paging after this many features (the newest first). */
  maxFeatures: number;
  /** Start after this page (a `nextCursor` of an earlier answer). */
  cursor?: string;
}

export interface IncidentPage {
  features: IncidentFeature[];
  /** More matched than maxFeatures. */
  truncated: boolean;
  /** Where the next page starts; null when nothing more matched. */
  nextCursor: string | null;
}

const PAGE_SIZE = 1000;

function formatCoordinate(value: number): string {
  return value.toFixed(6);
}

/** `bbox`, `from`, `to` and `category` in the API's form. */
export function viewParams(view: ViewQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (view.bbox) params.set('bbox', view.bbox.map(formatCoordinate).join(','));
  if (view.fromMs !== undefined) params.set('from', new Date(view.fromMs).toISOString());
  if (view.toMs !== undefined) params.set('to', new Date(view.toMs).toISOString());
  for (const category of view.categories ?? []) params.append('category', category);
  return params;
}

/** GET /api/v1/incidents, page after page, newest first. */
export async function fetchIncidents(query: IncidentQuery): Promise<IncidentPage> {
  const features: IncidentFeature[] = [];
  let cursor: string | null = query.cursor ?? null;
  do {
    const params = viewParams(query);
    params.set('limit', String(Math.min(PAGE_SIZE, query.maxFeatures - features.length)));
    if (cursor) params.set('cursor', cursor);
    const page = await request<IncidentCollection>(
      `/api/v1/incidents?${params.toString()}`,
      query.signal ? { signal: query.signal } : {},
    );
    features.push(...page.features);
    cursor = page.nextCursor;
  } while (cursor !== null && features.length < query.maxFeatures);
  return { features, truncated: cursor !== null, nextCursor: cursor };
}

/** GET /api/v1/incidents/summary: the public counts of a view by category. */
export function fetchSummary(view: ViewQuery, signal?: AbortSignal): Promise<IncidentSummary> {
  return request<IncidentSummary>(
    `/api/v1/incidents/summary?${viewParams(view).toString()}`,
    signal ? { signal } : {},
  );
}

export type ExportFormat = 'csv' | 'geojson';

/** The public export of a view (server/export), for a download link. */
export function exportUrl(format: ExportFormat, view: ViewQuery): string {
  const query = viewParams(view).toString();
  return `/api/v1/export/incidents.${format}${query ? `?${query}` : ''}`;
}

/** GET /api/v1/incidents/:id: one incident, as the signed-in person (or the public) may see it. */
export function fetchIncident(id: string): Promise<IncidentFeature> {
  return request<IncidentFeature>(`/api/v1/incidents/${encodeURIComponent(id)}`);
}

/** POST with an Idempotency-Key, so a retried click does not create the incident twice. */
export function createIncident(
  credentials: Credentials,
  incident: IncidentCreate,
  idempotencyKey: string,
): Promise<DispatcherIncidentFeature> {
  return request(
    '/api/v1/incidents',
    jsonInit('POST', incident, { 'idempotency-key': idempotencyKey }),
    credentials,
  );
}

export function updateIncident(
  credentials: Credentials,
  id: string,
  change: IncidentPatch,
): Promise<DispatcherIncidentFeature> {
  return request(
    `/api/v1/incidents/${encodeURIComponent(id)}`,
    jsonInit('PATCH', change),
    credentials,
  );
}

export type { ClientConfig };

export function fetchClientConfig(): Promise<ClientConfig> {
  return request<ClientConfig>('/client-config.json');
}

export type { Place };

/** GET /api/v1/places: districts, blocks and addresses matching the typed text, best first. */
export function fetchPlaces(q: string, limit: number, signal?: AbortSignal): Promise<Place[]> {
  const params = new URLSearchParams({ q, limit: String(limit) });
  return request<Place[]>(`/api/v1/places?${params.toString()}`, signal ? { signal } : {});
}
