import type { Bbox } from '../../../shared/geo/bbox.js';
import type {
  Response,
  ResponseFeature,
  ResponseStepCreate,
} from '../../../shared/schemas/response.js';
import { ApiError, jsonInit, request, type Credentials } from './http.js';

/** Police responses over REST (server/responses): the layer's snapshot, a timeline, a new step. */

const incidentPath = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}`;

export async function fetchResponseFeatures(
  bbox: Bbox,
  signal: AbortSignal,
): Promise<ResponseFeature[]> {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(',') });
  const page = await request<{ features: ResponseFeature[] }>(
    `/api/v1/responses?${params.toString()}`,
    { signal },
  );
  return page.features;
}

/** The incident's response with its timeline; null while it has none. */
export async function fetchIncidentResponse(
  incidentId: string,
  signal?: AbortSignal,
): Promise<Response | null> {
  try {
    return await request<Response>(`${incidentPath(incidentId)}/response`, {
      cache: 'no-store',
      ...(signal && { signal }),
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** One step appended; the same idempotency key sent twice (a double click) records it once. */
export function appendResponseStep(
  incidentId: string,
  step: ResponseStepCreate,
  idempotencyKey: string,
  credentials: Credentials,
): Promise<Response> {
  return request(
    `${incidentPath(incidentId)}/responses`,
    jsonInit('POST', step, { 'idempotency-key': idempotencyKey }),
    credentials,
  );
}
