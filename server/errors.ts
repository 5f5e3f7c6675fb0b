import createError from '@fastify/error';

/** Coded errors: the `error` code, status and sentence they answer with (ErrorSchema). */
export const NotFoundError = createError<[string]>('not_found', '%s was not found', 404);
export const UnauthorizedError = createError<[string]>('unauthorized', '%s', 401);
export const ForbiddenError = createError<[string]>('forbidden', '%s', 403);
export const InvalidRequestError = createError<[string]>('invalid_request', '%s', 400);
export const IdempotencyKeyReusedError = createError(
  'idempotency_key_reused',
  'This Idempotency-Key was already used with a different request; use a new key for a new request',
  422,
);
export const ExternalRefConflictError = createError<[string]>(
  'external_ref_conflict',
  'An incident with externalRef "%s" already exists from this source with different content; change it with PATCH',
  409,
);

/** 416: a Range header that names no bytes of the file (the reply carries `bytes *\/size`). */
export const RangeNotSatisfiableError = createError<[string]>('range_not_satisfiable', '%s', 416);
