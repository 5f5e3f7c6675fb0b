import type { Bbox } from '../../../shared/geo/bbox.js';
import type { ClientConfig } from '../../../shared/schemas/client-config.js';
import type { IncidentFeatureJson } from '../state/incident-store.js';

/** A 4xx/5xx answer in API.md's error shape, or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (token) headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = (body ?? {}) as { error?: unknown; message?: unknown };
    throw new ApiError(
      response.status,
      typeof problem.error === 'string' ? problem.error : 'http_error',
      typeof problem.message === 'string' ? problem.message : response.statusText,
    );
  }
  return body as T;
}

export interface IncidentQuery {
  bbox?: Bbox;
  fromMs?: number;
  toMs?: number;
  categories?: string[];
  token?: string;
  signal?: AbortSignal;
  /** Stop paging after this many features (the newest first). */
  maxFeatures: number;
}

export interface IncidentPage {
  features: IncidentFeatureJson[];
  /** More matched than maxFeatures. */
  truncated: boolean;
}

const PAGE_SIZE = 1000;

function formatCoordinate(value: number): string {
  return value.toFixed(6);
}

/** GET /api/v1/incidents, page after page, newest first. */
export async function fetchIncidents(query: IncidentQuery): Promise<IncidentPage> {
  const features: IncidentFeatureJson[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams();
    if (query.bbox) params.set('bbox', query.bbox.map(formatCoordinate).join(','));
    if (query.fromMs !== undefined) params.set('from', new Date(query.fromMs).toISOString());
    if (query.toMs !== undefined) params.set('to', new Date(query.toMs).toISOString());
    for (const category of query.categories ?? []) params.append('category', category);
    params.set('limit', String(Math.min(PAGE_SIZE, query.maxFeatures - features.length)));
    if (cursor) params.set('cursor', cursor);
    const page = await request<{ features: IncidentFeatureJson[]; nextCursor: string | null }>(
      `/api/v1/incidents?${params.toString()}`,
      query.signal ? { signal: query.signal } : {},
      query.token,
    );
    features.push(...page.features);
    cursor = page.nextCursor;
  } while (cursor !== null && features.length < query.maxFeatures);
  return { features, truncated: cursor !== null };
}

export interface Session {
  role: string;
  name: string | null;
}

export function fetchSession(token: string): Promise<Session> {
  return request<Session>('/api/v1/session', {}, token);
}

export interface NewIncident {
  category: string;
  priority: number;
  summary: string;
  location: { lon: number; lat: number };
}

export type IncidentChange = Partial<{
  category: string;
  priority: number;
  status: string;
  summary: string;
}>;

function jsonInit(method: string, body: unknown, extra: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  };
}

/** POST with an Idempotency-Key, so a retried click does not create the incident twice. */
export function createIncident(
  token: string,
  incident: NewIncident,
  idempotencyKey: string,
): Promise<IncidentFeatureJson> {
  return request(
    '/api/v1/incidents',
    jsonInit('POST', incident, { 'idempotency-key': idempotencyKey }),
    token,
  );
}

export function updateIncident(
  token: string,
  id: string,
  change: IncidentChange,
): Promise<IncidentFeatureJson> {
  return request(`/api/v1/incidents/${encodeURIComponent(id)}`, jsonInit('PATCH', change), token);
}

export type { ClientConfig };

export function fetchClientConfig(): Promise<ClientConfig> {
  return request<ClientConfig>('/client-config.json');
}
