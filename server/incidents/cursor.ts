import { UUID_PATTERN } from '../../shared/schemas/common.js';
import { isDateTime } from '../../shared/schemas/date-time.js';
import { InvalidRequestError } from '../errors.js';

const UUID = new RegExp(UUID_PATTERN);

/**
 * An opaque page cursor: the (occurredAt, id) of the last row of the page before. Anyone can
 * forge one, so its time passes the same check as a `from` (Date.parse alone takes year 0000
 * and other times PostgreSQL refuses).
 */
export function encodeCursor(occurredAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([occurredAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: string; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidRequestError('cursor is not one this server gave out');
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== 'string' ||
    typeof decoded[1] !== 'string' ||
    !isDateTime(decoded[0]) ||
    !UUID.test(decoded[1])
  ) {
    throw new InvalidRequestError('cursor is not one this server gave out');
  }
  return { occurredAt: decoded[0], id: decoded[1] };
}
