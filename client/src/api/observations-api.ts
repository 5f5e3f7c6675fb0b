import type { Bbox } from '../../../shared/geo/bbox.js';
import type {
  ObservationAccepted,
  ObservationCreate,
  OwnObservation,
  PublicObservationFeature,
} from '../../../shared/schemas/observation.js';
import { deviceHeaders } from './device-token.js';
import { request } from './rest.js';

/** Citizen observations over REST (server/observations): report, list, own, withdraw, erase. */

function jsonInit(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...deviceHeaders(), ...headers },
    body: JSON.stringify(body),
  };
}

const path = (id: string, action: string) =>
  `/api/v1/observations/${encodeURIComponent(id)}/${action}`;

export function createObservation(
  report: ObservationCreate,
  idempotencyKey: string,
): Promise<ObservationAccepted> {
  return request(
    '/api/v1/observations',
    jsonInit('POST', report, { 'idempotency-key': idempotencyKey }),
  );
}

export async function fetchObservations(
  bbox: Bbox,
  signal?: AbortSignal,
): Promise<PublicObservationFeature[]> {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(',') });
  const page = await request<{ features: PublicObservationFeature[] }>(
    `/api/v1/observations?${params.toString()}`,
    signal ? { signal } : {},
  );
  return page.features;
}

export function fetchMyObservations(): Promise<OwnObservation[]> {
  return request<OwnObservation[] | { items: OwnObservation[] }>('/api/v1/observations/mine', {
    headers: deviceHeaders(),
  }).then((answer) => (Array.isArray(answer) ? answer : answer.items));
}

export function withdrawObservation(id: string): Promise<unknown> {
  return request(path(id, 'withdraw'), jsonInit('POST', {}));
}

export function eraseObservation(id: string): Promise<unknown> {
  return request(path(id, 'erase'), jsonInit('POST', {}));
}

export function flagObservation(id: string): Promise<unknown> {
  return request(path(id, 'flags'), jsonInit('POST', {}));
}
