/**
 * Whether an error means "the database cannot serve now" (the connection was lost or refused,
 * the server is starting, stopping or full) rather than "this request or this code is wrong".
 * Such a failure is answered 503 with Retry-After: the same request may succeed a moment later,
 * and a write sent with an Idempotency-Key may be repeated safely.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

/**
 * SQLSTATEs of a server that refuses or drops connections
 * (https://www.postgresql.org/docs/15/errcodes-appendix.html).
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '25006', // read_only_sql_transaction: a standby promoted too late, or reached by mistake
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '55000', // object_not_in_prerequisite_state: "database … is not currently accepting connections"
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P04', // database_dropped
  '57P05', // idle_session_timeout
]);

/** Class 08: connection exceptions. */
const CONNECTION_EXCEPTION_CLASS = '08';

/** Node's codes for a socket that could not be opened or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres reports a lost or unusable connection with a plain Error and these sentences. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not queryable/,
  /Cannot use a pool after calling end on the pool/,
];

const MAX_DEPTH = 4;

function unavailable(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && code.startsWith(CONNECTION_EXCEPTION_CLASS)) return true;
  }
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((re) => re.test(message))) {
    return true;
  }
  // A wrapped failure, or Node's AggregateError when every address of a host refused.
  if (unavailable(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => unavailable(inner, depth + 1));
}
