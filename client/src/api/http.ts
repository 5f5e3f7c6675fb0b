import type { ErrorBody } from '../../../shared/schemas/common.js';

/** A 4xx/5xx answer in the API's error shape (ErrorBody), or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait, from a 429's Retry-After; null without one. */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * How a request proves who sends it. People: the session cookie, which the browser sends by
 * itself to our own origin, plus the session's CSRF token on every write (the cookie alone
 * would let another site's form write in their name). Machines: an API key.
 */
export interface Credentials {
  csrfToken?: string | null;
  apiKey?: string;
}

function retryAfter(response: Response): number | null {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** One request to our own API: JSON in and out, errors as ApiError. */
export async function request<T>(
  path: string,
  init: RequestInit = {},
  credentials: Credentials = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (credentials.apiKey) headers.set('authorization', `Bearer ${credentials.apiKey}`);
  if (credentials.csrfToken) headers.set('x-csrf-token', credentials.csrfToken);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    // A proxy in between may answer with no JSON body at all.
    const problem = (body ?? {}) as Partial<ErrorBody>;
    throw new ApiError(
      response.status,
      problem.error ?? 'http_error',
      problem.message ?? response.statusText,
      retryAfter(response),
    );
  }
  return body as T;
}

/** A write with a JSON body (none for `undefined`). */
export function jsonInit(
  method: string,
  body: unknown,
  extra: Record<string, string> = {},
): RequestInit {
  if (body === undefined) return { method, headers: extra };
  return {
    method,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  };
}
