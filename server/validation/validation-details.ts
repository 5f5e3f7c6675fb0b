import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { SAFE_TEXT_PATTERN, type ErrorBody } from '../../shared/schemas/common.js';

type Details = NonNullable<ErrorBody['details']>;

/** At most this many `details`: a message of many wrong items must not earn a far larger answer. */
export const MAX_DETAILS = 20;

/** Turns Ajv's errors into `details` with a JSON Pointer to the offending field. */
export function describeValidation(
  errors: readonly FastifySchemaValidationError[],
  context: string | undefined,
): Details {
  return errors.slice(0, MAX_DETAILS).map((error) => {
    const params = error.params;
    let path = error.instancePath;
    if (typeof params.missingProperty === 'string') path += `/${params.missingProperty}`;
    if (typeof params.additionalProperty === 'string') path += `/${params.additionalProperty}`;
    const where = context === 'body' || context === undefined ? '' : `${context} `;
    let message = error.message ?? 'is not valid';
    if (typeof params.additionalProperty === 'string') message = 'is not a known property';
    if (Array.isArray(params.allowedValues)) message += `: ${params.allowedValues.join(', ')}`;
    if (params.format === 'date-time') {
      message = 'must be an RFC 3339 date-time with a zone, years 0001–9999, offset within ±15:59';
    }
    if (params.pattern === SAFE_TEXT_PATTERN) {
      message = 'must not contain control characters or unpaired surrogates';
    }
    return { path: `${where}${path || '/'}`, message };
  });
}
