import type pg from 'pg';
import { parsePlaceAndTime } from '../../shared/geo/place-and-time.js';
import { seesExactLocations, type Role } from '../../shared/roles.js';
import type {
  Response,
  ResponseCollection,
  ResponseFeature,
  ResponseListQuery,
  ResponseStepCreate,
} from '../../shared/schemas/response.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { keyedWrite, type WriteResult } from '../idempotency/idempotency.service.js';
import type { RecordWriter } from '../record/record-writer.js';
import { toDispatcherResponseFeature, toPublicResponseFeature } from './response-feature.js';
import type { PlacedResponseRow, StepRow } from './response-row.js';
import { appendStep, type StepOrigin } from './response-steps.js';
import { toResponseView } from './response-view.js';
import {
  SELECT_INCIDENT_EXISTS,
  SELECT_INCIDENT_EXISTS_PUBLIC,
  SELECT_RESPONSE_OF_INCIDENT_EXACT,
  SELECT_RESPONSE_OF_INCIDENT_PUBLIC,
  SELECT_STEPS,
  buildResponseListQuery,
} from './responses.queries.js';
import type { StepInput } from './timeline-rules.js';

export interface StepRequest {
  origin: StepOrigin;
  incidentId: string;
  input: ResponseStepCreate;
  idempotencyKey: string | undefined;
  /** What the client asked (method, path, body): an Idempotency-Key is bound to it. */
  request: unknown;
}

/** A step as the API takes it: `outcome` is the first name of `disposition`. */
export function stepInputOf(input: ResponseStepCreate, now: Date): StepInput {
  if (
    input.outcome !== undefined &&
    input.disposition !== undefined &&
    input.outcome !== input.disposition
  ) {
    throw new InvalidRequestError('outcome is another name for disposition: send one of them');
  }
  return {
    step: input.step,
    at: input.at ? new Date(input.at) : now,
    unit: input.unit ?? null,
    disposition: input.disposition ?? input.outcome ?? null,
    supersedes: input.supersedes ?? null,
    officerInitiated: input.officerInitiated ?? false,
  };
}

/** POST /api/v1/incidents/:id/responses: one step, with its Idempotency-Key if it came with one. */
export function recordStep(
  records: RecordWriter,
  request: StepRequest,
  now = new Date(),
): Promise<WriteResult<Response>> {
  const { origin, incidentId } = request;
  const input = stepInputOf(request.input, now);
  const keyed = keyedWrite(origin.author.keyId, request.idempotencyKey, request.request);
  return records.writeOne(keyed, async (session) => {
    const { view, events } = await appendStep(session, origin, incidentId, input, now);
    return { statusCode: 201, body: view, events };
  });
}

/**
 * A whole timeline for one incident (the importer, the simulator), in one transaction and
 * through the same rules as the API: a step that breaks one writes nothing of the timeline.
 */
export async function recordTimeline(
  records: RecordWriter,
  origin: StepOrigin,
  incidentId: string,
  steps: readonly ResponseStepCreate[],
  now = new Date(),
): Promise<Response> {
  if (steps.length === 0) throw new InvalidRequestError('a timeline has at least one step');
  const inputs = steps.map((step) => stepInputOf(step, now));
  const { result } = await records.transact(async (session) => {
    let view: Response | undefined;
    const events = [];
    for (const input of inputs) {
      const appended = await appendStep(session, origin, incidentId, input, now);
      view = appended.view;
      events.push(...appended.events);
    }
    if (!view) throw new Error('no step was appended');
    return { result: view, events };
  });
  return result;
}

/**
 * GET /api/v1/incidents/:id/response: 404 where the caller may not see the incident, exactly as
 * GET /api/v1/incidents/:id decides, and where it has no response yet.
 */
export async function getResponse(
  pool: pg.Pool,
  role: Role,
  incidentId: string,
): Promise<Response> {
  const exact = seesExactLocations(role);
  const found = await pool.query<PlacedResponseRow>(
    exact ? SELECT_RESPONSE_OF_INCIDENT_EXACT : SELECT_RESPONSE_OF_INCIDENT_PUBLIC,
    [incidentId],
  );
  const row = found.rows[0];
  if (!row) {
    const seen = await pool.query(exact ? SELECT_INCIDENT_EXISTS : SELECT_INCIDENT_EXISTS_PUBLIC, [
      incidentId,
    ]);
    throw new NotFoundError(
      seen.rowCount ? `a response to incident ${incidentId}` : `incident ${incidentId}`,
    );
  }
  const steps = (await pool.query<StepRow>(SELECT_STEPS, [row.id])).rows;
  return toResponseView(row, steps, exact);
}

/** GET /api/v1/responses: the responses layer's first load (public points, or dispatch's exact). */
export async function listResponses(
  pool: pg.Pool,
  role: Role,
  query: ResponseListQuery,
): Promise<ResponseCollection> {
  const exact = seesExactLocations(role);
  const checked = parsePlaceAndTime(query);
  if (!checked.ok) throw new InvalidRequestError(checked.message);
  const sql = buildResponseListQuery({
    exact,
    bbox: checked.bbox,
    from: query.from,
    to: query.to,
    limit: query.limit ?? 500,
  });
  const rows = (await pool.query<PlacedResponseRow>(sql.text, sql.values)).rows;
  const features = rows.flatMap((row): ResponseFeature[] => {
    const feature = exact ? toDispatcherResponseFeature(row) : toPublicResponseFeature(row);
    return feature ? [feature] : [];
  });
  return { type: 'FeatureCollection', features };
}
