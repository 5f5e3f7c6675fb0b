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

/** A proof-of-work challenge missing, wrong, expired or used already (anonymous reports). */
export const ProofOfWorkError = createError<[string]>('proof_of_work_invalid', '%s', 403);

/** Too many requests of one kind from one reporter; the reply says when to try again. */
export const TooManyRequestsError = createError<[string]>('rate_limited', '%s', 429);

/** A TooManyRequestsError that carries its Retry-After, in seconds. */
export function tooManyRequests(message: string, retryAfterSeconds: number): Error {
  return Object.assign(new TooManyRequestsError(message), {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}

/** Accounts and sessions (server/accounts, server/plugins/auth.ts). */
export const CsrfFailedError = createError(
  'csrf_failed',
  'This write needs the x-csrf-token header of your session (from GET /api/v1/session)',
  403,
);
export const SecondFactorRequiredError = createError(
  'second_factor_required',
  'Your role needs the second factor in this session first',
  403,
);
export const AmbiguousCredentialsError = createError(
  'ambiguous_credentials',
  'Send an API key or a session cookie, not both',
  400,
);
export const InvalidCredentialsError = createError(
  'invalid_credentials',
  'The e-mail address or the password is wrong',
  401,
);
export const TooManyAttemptsError = createError(
  'too_many_attempts',
  'Too many failed sign-ins for this address; try again later',
  429,
);
export const EmailTakenError = createError(
  'email_taken',
  'This e-mail address already has an account; sign in instead',
  409,
);
export const InvalidCodeError = createError(
  'invalid_code',
  'The code is not valid (or was already used); wait for the next code and try again',
  400,
);
export const TotpStateError = createError<[string]>('totp_state', '%s', 409);
export const LastAdminError = createError(
  'last_admin',
  'This is the last admin: make another admin first',
  409,
);
export const InvalidSetupTokenError = createError(
  'invalid_setup_token',
  'This setup link is not valid: it was used, has expired, or an admin exists already',
  400,
);
