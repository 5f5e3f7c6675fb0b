import { v7 as uuidv7 } from 'uuid';
import type { IncidentCreate, IncidentStatus } from '../../shared/schemas/incident.js';
import { InvalidRequestError } from '../errors.js';
import {
  keyedWrite,
  type KeyedWrite,
  type WriteResult,
} from '../idempotency/idempotency.service.js';
import { publicLocation } from '../privacy/geomask.js';
import { redactText } from '../privacy/redact-text.js';
import { blockShownUnder, generaliseBlock } from '../privacy/place-description.js';
import type { UnplacedRecord } from './incident-table.js';
import { toDispatcherFeature, type IncidentRow } from './incident-row.js';
import { normaliseTimes, policyOf, type Author } from './incident-rules.js';

export interface CreateRequest {
  author: Author;
  input: IncidentCreate;
  idempotencyKey: string | undefined;
  /** What the client asked (method, path, body): an Idempotency-Key is bound to it. */
  request: unknown;
  /** A status it had before it was published here (an import of past incidents), and since when. */
  knownStatus?: KnownStatus;
}

/** A status an incident already has when it is created, and the time it took it. */
export interface KnownStatus {
  status: Exclude<IncidentStatus, 'open'>;
  since: string;
}

export type CreateResult = WriteResult<ReturnType<typeof toDispatcherFeature>>;

/** A request with every rule applied that needs no database, ready to be written. */
export interface Prepared {
  request: CreateRequest;
  keyed: KeyedWrite | undefined;
  /** Its district and place are looked up when it is written (incident-places.ts). */
  record: UnplacedRecord;
}

/** A known status dates from between the incident's occurrence and now. */
function knownStatusSince(known: KnownStatus | undefined, occurredAt: string, now: Date) {
  if (!known) return undefined;
  const since = new Date(known.since);
  if (!(since >= new Date(occurredAt) && since <= now)) {
    throw new InvalidRequestError(`status ${known.status} dated outside occurrence..now`);
  }
  return since.toISOString();
}

/** Applies the rules that need no database: times, policy, geomask, redaction, the block. */
export function prepare(request: CreateRequest, now: Date): Prepared {
  const { input, author, idempotencyKey } = request;
  const times = normaliseTimes(input, now);
  const visibility = policyOf(input.category);
  const createdAt = now.toISOString();
  const since = knownStatusSince(request.knownStatus, times.occurredAt, now);
  return {
    request,
    keyed: keyedWrite(author.keyId, idempotencyKey, request.request),
    record: {
      id: uuidv7(),
      category: input.category,
      priority: input.priority,
      status: request.knownStatus?.status ?? 'open',
      visibility,
      source: author.source,
      ...times,
      createdAt,
      // The last change is when it took its status, which may be before it was published here.
      updatedAt: since ?? createdAt,
      publicSummary: redactText(input.summary),
      publicLocation: publicLocation(input.location, visibility),
      publicBlock: blockShownUnder(visibility, generaliseBlock(input.block)),
      summary: input.summary,
      externalRef: input.externalRef ?? null,
      location: { lon: input.location.lon, lat: input.location.lat },
    },
  };
}

export function sameContent(row: IncidentRow, input: IncidentCreate): boolean {
  return (
    row.category === input.category &&
    row.priority === input.priority &&
    row.summary === input.summary &&
    row.exact_lon === input.location.lon &&
    row.exact_lat === input.location.lat &&
    (input.occurredAt === undefined ||
      row.occurred_at.getTime() === new Date(input.occurredAt).getTime())
  );
}
