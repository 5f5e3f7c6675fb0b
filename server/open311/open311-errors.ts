import type { FastifyError } from 'fastify';
import type { Open311Error } from '../../shared/schemas/open311.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';

/**
 * A refusal in GeoReport v2's terms: the HTTP status (404 for what does not exist, 403 for a
 * missing or wrong api_key, 400 for any other bad request) and the list of errors for the body,
 * whose codes may be more specific than the status ("the code in the response body shouldn't
 * necessarily match the HTTP error code").
 */
export class Open311Failure extends Error {
  constructor(
    readonly statusCode: number,
    readonly errors: Open311Error[],
  ) {
    super(errors.map((error) => error.description).join('; '));
  }
}

export function badRequest(...descriptions: string[]): Open311Failure {
  return new Open311Failure(
    400,
    descriptions.map((description) => ({ code: 400, description })),
  );
}

export function notFound(description: string): Open311Failure {
  return new Open311Failure(404, [{ code: 404, description }]);
}

export function forbidden(description: string): Open311Failure {
  return new Open311Failure(403, [{ code: 403, description }]);
}

/** The unknown argument an `additionalProperties` error names. */
function additionalPropertyOf(params: unknown): string {
  const named = (params as { additionalProperty?: unknown }).additionalProperty;
  return typeof named === 'string' ? named : '';
}

/** One line per schema error: which argument, and what is wrong with it. */
function validationErrors(error: FastifyError): Open311Error[] {
  return (error.validation ?? []).map((issue) => {
    const field = issue.instancePath.replace(/^\//, '') || additionalPropertyOf(issue.params);
    const what =
      issue.keyword === 'additionalProperties'
        ? 'is not an argument of this method'
        : (issue.message ?? 'is not valid');
    return { code: 400, description: field ? `${field} ${what}` : `The request ${what}` };
  });
}

const FRAMEWORK: Record<string, Open311Error> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 415,
    description: 'Send the request as application/x-www-form-urlencoded',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 413, description: 'The request body is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 400,
    description: 'The Content-Length header does not match the body',
  },
};

/** Any error of an Open311 route as the spec's status and error list; 5xx stay generic. */
export function toOpen311Failure(error: FastifyError | Open311Failure): Open311Failure {
  if (error instanceof Open311Failure) return error;
  if (error.validation) return new Open311Failure(400, validationErrors(error));
  const framework = FRAMEWORK[error.code];
  if (framework) return new Open311Failure(400, [framework]);
  const status = error.statusCode ?? 500;
  if (status === 429) return new Open311Failure(429, [{ code: 429, description: error.message }]);
  if (status === 404) return notFound(error.message);
  if (status === 403) return forbidden(error.message);
  if (status >= 400 && status < 500) return badRequest(error.message);
  if (isDatabaseUnavailable(error)) {
    return new Open311Failure(503, [
      { code: 503, description: 'The service is unavailable; try again shortly' },
    ]);
  }
  return new Open311Failure(500, [{ code: 500, description: 'Something went wrong on our side' }]);
}
