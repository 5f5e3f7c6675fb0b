import { v7 as uuidv7 } from 'uuid';
import { incidentsTable, recordOfRow } from '../incidents/incident-table.js';
import type { IncidentRow } from '../incidents/incident-row.js';
import { writeWholeResponses, type WholeResponse } from '../import/response-bulk.js';
import type { ResponseRecord, ResponseStepRecord } from '../import/response-tables.js';
import type { RecordWriter } from '../record/record-writer.js';
import type { ResponseStep } from '../../shared/schemas/response-constants.js';
import { stepsReachedBy, type ResponsePlan } from './response-plan.js';

const DEMO_SOURCE = 'demo';
const RECORDED_BY = 'demo';

/** A demo incident's planned response, by the incident's external reference. */
export interface DemoResponsePlan {
  externalRef: string;
  occurredAt: Date;
  plan: ResponsePlan;
}

const SELECT_DEMO_INCIDENTS = `
  SELECT ${incidentsTable.sql.selectAll} FROM incidents
  WHERE source = $1 AND external_ref = ANY($2)`;

const MARK_OFFICER_INITIATED = `
  UPDATE incidents SET officer_initiated = true WHERE id = ANY($1::uuid[])`;

function wholeResponse(
  planned: DemoResponsePlan,
  row: IncidentRow,
  now: Date,
  createdAt: string,
): WholeResponse | null {
  const incident = recordOfRow(row);
  const reached = stepsReachedBy(planned.plan, now.getTime() - planned.occurredAt.getTime());
  const latest = reached.at(-1);
  if (!latest) return null;
  const at = (step: ResponseStep) => {
    const found = reached.find((s) => s.step === step);
    return found ? new Date(planned.occurredAt.getTime() + found.afterMs).toISOString() : null;
  };
  const id = uuidv7();
  const response: ResponseRecord = {
    id,
    incidentId: incident.id,
    category: incident.category,
    priority: incident.priority,
    officerInitiated: planned.plan.officerInitiated,
    state: latest.step,
    receivedAt: planned.occurredAt.toISOString(),
    dispatchedAt: at('dispatched'),
    enRouteAt: at('en_route'),
    onSceneAt: at('on_scene'),
    clearedAt: at('cleared'),
    disposition: latest.step === 'cleared' ? 'REP' : null,
    source: DEMO_SOURCE,
    externalRef: planned.externalRef,
    createdAt,
    updatedAt: createdAt,
  };
  const steps = reached.map((step, i): ResponseStepRecord => ({
    id: uuidv7(),
    responseId: id,
    seq: i + 1,
    step: step.step,
    at: at(step.step) ?? response.receivedAt,
    disposition: step.step === 'cleared' ? response.disposition : null,
    recordedAt: createdAt,
    recordedBy: RECORDED_BY,
  }));
  return { response, steps, incident };
}

/**
 * Gives the demo's past incidents the responses their statuses were derived from: each plan's
 * steps reached by now, written whole in one transaction with their events (one
 * `response.created` each), and the officer-initiated incidents marked. Steps still to come are
 * not written: a step is never dated in the future.
 */
export async function backfillDemoResponses(
  records: RecordWriter,
  plans: readonly DemoResponsePlan[],
  now: Date,
): Promise<number> {
  const byRef = new Map(plans.map((plan) => [plan.externalRef, plan]));
  const { result } = await records.transact(async (session) => {
    const rows = await session.db.query<IncidentRow>(SELECT_DEMO_INCIDENTS, [
      DEMO_SOURCE,
      [...byRef.keys()],
    ]);
    const createdAt = new Date().toISOString();
    const items = rows.rows.flatMap((row) => {
      const planned = row.external_ref ? byRef.get(row.external_ref) : undefined;
      const item = planned && wholeResponse(planned, row, now, createdAt);
      return item ? [item] : [];
    });
    await session.db.query(MARK_OFFICER_INITIATED, [
      items
        .filter((item) => item.response.officerInitiated)
        .map((item) => item.response.incidentId),
    ]);
    const written = await writeWholeResponses(session.db, items);
    return { result: written.written.length, events: written.events };
  });
  return result;
}
