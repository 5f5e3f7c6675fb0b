import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import type { Response } from '../../shared/schemas/response.js';
import { NotFoundError } from '../errors.js';
import { applyIncidentPatch } from '../incidents/incidents.service.js';
import type { Author } from '../incidents/incident-rules.js';
import type { NewEvent } from '../record/events.js';
import type { RecordSession } from '../record/record-session.js';
import { timelineError } from './response-errors.js';
import { responseEvent } from './response-events.js';
import {
  timelineOf,
  type PlacedResponseRow,
  type ResponseRow,
  type StepRow,
} from './response-row.js';
import { toResponseView } from './response-view.js';
import {
  INSERT_RESPONSE,
  INSERT_STEPS,
  MARK_INCIDENT_OFFICER_INITIATED,
  SELECT_INCIDENT_FOR_STEP,
  SELECT_PLACED_RESPONSE_EXACT,
  SELECT_RESPONSE_OF_INCIDENT_FOR_UPDATE,
  SELECT_STEPS,
  UPDATE_DERIVED,
} from './responses.queries.js';
import {
  deriveResponse,
  incidentStatusOf,
  planStep,
  type DerivedResponse,
  type StepInput,
  type TimelineStep,
} from './timeline-rules.js';

/** The incident a step is about, as the step's rules need it. */
interface IncidentForStep {
  id: string;
  category: string;
  priority: number;
  status: IncidentStatus;
  officer_initiated: boolean;
  district_id: string | null;
  reported_at: Date;
}

type Session = RecordSession<pg.PoolClient>;

/** Where a response comes from: the writer, and the id in its source system (imports). */
export interface StepOrigin {
  author: Author;
  externalRef?: string | null;
}

/** The row as it stood after a step: its derived columns from the steps up to that one. */
function asOf(row: PlacedResponseRow, derived: DerivedResponse, at: Date): PlacedResponseRow {
  return {
    ...row,
    state: derived.state,
    received_at: derived.times.received ?? row.received_at,
    dispatched_at: derived.times.dispatched,
    en_route_at: derived.times.en_route,
    on_scene_at: derived.times.on_scene,
    cleared_at: derived.times.cleared,
    disposition: derived.disposition,
    updated_at: at,
  };
}

async function openResponse(
  session: Session,
  incident: IncidentForStep,
  origin: StepOrigin,
  receivedAt: Date,
  officerInitiated: boolean,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await session.db.query(INSERT_RESPONSE, [
    id,
    incident.id,
    incident.district_id,
    incident.category,
    incident.priority,
    officerInitiated,
    receivedAt.toISOString(),
    origin.author.source,
    origin.externalRef ?? null,
    now.toISOString(),
  ]);
  return id;
}

async function insertSteps(
  session: Session,
  responseId: string,
  steps: readonly TimelineStep[],
  recordedBy: string,
  now: Date,
): Promise<void> {
  await session.db.query(INSERT_STEPS, [
    steps.map((s) => s.id),
    responseId,
    now.toISOString(),
    recordedBy,
    steps.map((s) => s.seq),
    steps.map((s) => s.step),
    steps.map((s) => s.at.toISOString()),
    steps.map((s) => s.unit),
    steps.map((s) => s.disposition),
    steps.map((s) => s.supersedes),
  ]);
}

async function saveDerived(
  session: Session,
  responseId: string,
  derived: DerivedResponse,
  officerInitiated: boolean,
  now: Date,
): Promise<void> {
  const iso = (time: Date | null) => time?.toISOString() ?? null;
  await session.db.query(UPDATE_DERIVED, [
    responseId,
    derived.state,
    iso(derived.times.received),
    iso(derived.times.dispatched),
    iso(derived.times.en_route),
    iso(derived.times.on_scene),
    iso(derived.times.cleared),
    derived.disposition,
    officerInitiated,
    now.toISOString(),
  ]);
}

/** The incident's status follows its response's latest step, through the incident's own path. */
async function followWithIncident(
  session: Session,
  incident: IncidentForStep,
  derived: DerivedResponse,
): Promise<NewEvent[]> {
  const status = incidentStatusOf(derived.state);
  if (status === incident.status) return [];
  const { events } = await applyIncidentPatch(session, incident.id, { status }, []);
  return [...events];
}

/**
 * Appends one step to an incident's response (opening it with its first), inside the caller's
 * transaction: the rows, the derived columns recomputed from the standing steps, the
 * incident's status, and their events. The incident and the response rows are locked first,
 * so steps to one response serialise. A step that breaks a rule throws and writes nothing.
 */
export async function appendStep(
  session: Session,
  origin: StepOrigin,
  incidentId: string,
  input: StepInput,
  now: Date,
): Promise<{ view: Response; events: NewEvent[] }> {
  const incident = (await session.db.query<IncidentForStep>(SELECT_INCIDENT_FOR_STEP, [incidentId]))
    .rows[0];
  if (!incident) throw new NotFoundError(`incident ${incidentId}`);
  const response = (
    await session.db.query<ResponseRow>(SELECT_RESPONSE_OF_INCIDENT_FOR_UPDATE, [incidentId])
  ).rows[0];
  const stored = response
    ? timelineOf((await session.db.query<StepRow>(SELECT_STEPS, [response.id])).rows)
    : [];
  const officerInitiated =
    (response?.officer_initiated ?? false) || incident.officer_initiated || input.officerInitiated;
  const plan = planStep(stored, input, {
    now,
    reportedAt: incident.reported_at,
    officerInitiated,
    newId: randomUUID,
  });
  if (!plan.ok) throw timelineError(plan.violation);

  const first = plan.added[0];
  const responseId =
    response?.id ??
    (await openResponse(session, incident, origin, first?.at ?? now, officerInitiated, now));
  await insertSteps(session, responseId, plan.added, origin.author.keyId, now);
  const steps = [...stored, ...plan.added];
  const derived = deriveResponse(steps, officerInitiated);
  await saveDerived(session, responseId, derived, officerInitiated, now);
  if (officerInitiated && !incident.officer_initiated) {
    await session.db.query(MARK_INCIDENT_OFFICER_INITIATED, [incidentId]);
  }
  const incidentEvents = await followWithIncident(session, incident, derived);

  const placed = (
    await session.db.query<PlacedResponseRow>(SELECT_PLACED_RESPONSE_EXACT, [responseId])
  ).rows[0];
  if (!placed) throw new Error(`response ${responseId} was not written`);
  // One event per step, each with the response as it stood after that step.
  const responseEvents = plan.added.map((step, i) => {
    const upTo = deriveResponse(steps.slice(0, stored.length + i + 1), officerInitiated);
    const type = !response && i === 0 ? 'response.created' : 'response.updated';
    return responseEvent(type, asOf(placed, upTo, now), step);
  });
  const allSteps = (await session.db.query<StepRow>(SELECT_STEPS, [responseId])).rows;
  return {
    view: toResponseView(placed, allSteps, true),
    events: [...responseEvents, ...incidentEvents],
  };
}
