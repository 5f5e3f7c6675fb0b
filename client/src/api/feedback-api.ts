import type { Bbox } from '../../../shared/geo/bbox.js';
import type {
  FeedbackFeature,
  FeedbackSummary,
  FeedbackWrite,
  MyFeedback,
} from '../../../shared/schemas/feedback.js';
import { ApiError, jsonInit, request, type Credentials } from './http.js';

/** Feedback on a police response over REST (server/feedback). */

const feedbackPath = (incidentId: string, responseId: string) =>
  `/api/v1/incidents/${encodeURIComponent(incidentId)}/responses/${encodeURIComponent(
    responseId,
  )}/feedback`;

export async function fetchFeedbackFeatures(
  bbox: Bbox,
  signal: AbortSignal,
): Promise<FeedbackFeature[]> {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(6)).join(',') });
  const page = await request<{ features: FeedbackFeature[] }>(
    `/api/v1/feedback?${params.toString()}`,
    { signal },
  );
  return page.features;
}

export function fetchFeedbackSummary(
  incidentId: string,
  responseId: string,
): Promise<FeedbackSummary> {
  return request(feedbackPath(incidentId, responseId), { cache: 'no-store' });
}

/** The signed-in person's own feedback on the response; null when they gave none. */
export async function fetchMyFeedback(
  incidentId: string,
  responseId: string,
): Promise<MyFeedback | null> {
  try {
    return await request<MyFeedback>(`${feedbackPath(incidentId, responseId)}/mine`, {
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function createFeedback(
  incidentId: string,
  responseId: string,
  body: FeedbackWrite,
  credentials: Credentials,
): Promise<unknown> {
  return request(feedbackPath(incidentId, responseId), jsonInit('POST', body), credentials);
}

/** A change to one's own feedback (a new revision); `comment: null` takes the comment away. */
export function editMyFeedback(
  incidentId: string,
  responseId: string,
  body: { rating: number; comment: string | null },
  credentials: Credentials,
): Promise<unknown> {
  return request(
    `${feedbackPath(incidentId, responseId)}/mine`,
    jsonInit('PATCH', body),
    credentials,
  );
}

export function withdrawMyFeedback(
  incidentId: string,
  responseId: string,
  credentials: Credentials,
): Promise<unknown> {
  return request(
    `${feedbackPath(incidentId, responseId)}/mine`,
    jsonInit('DELETE', undefined),
    credentials,
  );
}
