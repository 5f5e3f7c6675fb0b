import type { Bbox } from '../../../shared/geo/bbox.js';
import { asMapObservation } from '../observations/observation-store.js';
import type {
  ObservationAccepted,
  ObservationCollection,
  ObservationCreate,
  OwnObservation,
  PublicObservationFeature,
} from '../../../shared/schemas/observation.js';
import { deviceHeaders } from './device-token.js';
import { jsonInit, request, type Credentials } from './http.js';

/**
 * Citizen observations over REST (server/observations): report, list, own, withdraw, erase,
 * flag. Every call carries this device's token, which is how an anonymous reporter's own
 * reports are found; a signed-in person's writes carry the session's CSRF token too.
 */

const path = (id: string, action: string) =>
  `/api/v1/observations/${encodeURIComponent(id)}/${action}`;

export function createObservation(
  report: ObservationCreate,
  idempotencyKey: string,
  credentials: Credentials,
): Promise<ObservationAccepted> {
  return request(
    '/api/v1/observations',
    jsonInit('POST', report, { ...deviceHeaders(), 'idempotency-key': idempotencyKey }),
    credentials,
  );
}

export async function fetchObservations(
  bbox: Bbox,
  signal?: AbortSignal,
): Promise<PublicObservationFeature[]> {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(',') });
  const page = await request<ObservationCollection>(
    `/api/v1/observations?${params.toString()}`,
    signal ? { signal } : {},
  );
  return page.features
    .map(asMapObservation)
    .filter((feature): feature is PublicObservationFeature => feature !== null);
}

export async function fetchMyObservations(): Promise<OwnObservation[]> {
  return request<OwnObservation[]>('/api/v1/observations/mine', {
    headers: deviceHeaders(),
    cache: 'no-store',
  });
}

function write(id: string, action: string, credentials: Credentials): Promise<unknown> {
  return request(path(id, action), jsonInit('POST', {}, deviceHeaders()), credentials);
}

export const withdrawObservation = (id: string, credentials: Credentials) =>
  write(id, 'withdraw', credentials);
export const eraseObservation = (id: string, credentials: Credentials) =>
  write(id, 'erase', credentials);
export const flagObservation = (id: string, credentials: Credentials) =>
  write(id, 'flags', credentials);
