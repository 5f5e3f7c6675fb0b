import { v7 as uuidv7 } from 'uuid';
import type { IncidentCreate, IncidentFeature } from '../../shared/schemas/incident.js';
import {
  requestHash,
  type KeyedWrite,
  type WriteResult,
} from '../idempotency/idempotency.service.js';
import { publicLocation } from '../privacy/geomask.js';
import { redactText } from '../privacy/redact-text.js';
import type { IncidentRow } from './incident-row.js';
import { normaliseTimes, policyOf, type Author } from './incident-rules.js';

export interface CreateRequest {
  author: Author;
  input: IncidentCreate;
  idempotencyKey: string | undefined;
  /** What the client asked (method, path, body): an Idempotency-Key is bound to it. */
  request: unknown;
}

export type CreateResult = WriteResult<IncidentFeature>;

/** A request with every rule applied that needs no database, ready to be written. */
export interface Prepared {
  index: number;
  request: CreateRequest;
  keyed: KeyedWrite | undefined;
  id: string;
  createdAt: string;
  occurredAt: string;
  reportedAt: string;
  visibility: ReturnType<typeof policyOf>;
  publicLon: number | null;
  publicLat: number | null;
  publicSummary: string;
}

/** Applies the rules that need no database: times, policy, geomask, redaction. */
export function prepare(request: CreateRequest, index: number, now: Date): Prepared {
  const { input, author, idempotencyKey } = request;
  const times = normaliseTimes(input, now);
  const visibility = policyOf(input.category);
  const masked = publicLocation(input.location, visibility);
  return {
    index,
    request,
    keyed:
      idempotencyKey === undefined
        ? undefined
        : {
            principal: author.keyId,
            key: idempotencyKey,
            requestHash: requestHash(request.request),
          },
    id: uuidv7(),
    createdAt: now.toISOString(),
    ...times,
    visibility,
    publicLon: masked?.lon ?? null,
    publicLat: masked?.lat ?? null,
    publicSummary: redactText(input.summary),
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

/** The row an item will be once inserted: its created-event is hashed before the insert. */
export function asRow(p: Prepared): IncidentRow {
  const { input, author } = p.request;
  const createdAt = new Date(p.createdAt);
  return {
    id: p.id,
    category: input.category,
    priority: input.priority,
    status: 'open',
    visibility: p.visibility,
    source: author.source,
    public_summary: p.publicSummary,
    summary: input.summary,
    occurred_at: new Date(p.occurredAt),
    reported_at: new Date(p.reportedAt),
    created_at: createdAt,
    updated_at: createdAt,
    public_lon: p.publicLon,
    public_lat: p.publicLat,
    exact_lon: input.location.lon,
    exact_lat: input.location.lat,
    external_ref: input.externalRef ?? null,
  };
}
