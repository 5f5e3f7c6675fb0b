import { v7 as uuidv7 } from 'uuid';
import { findCategory } from '../../shared/categories.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import type { ResponseStep } from '../../shared/schemas/response-constants.js';
import {
  incidentsTable,
  type IncidentRecord,
  type UnplacedRecord,
} from '../incidents/incident-table.js';
import { defineTable, valueColumn } from '../record/table.js';
import type { ResponseRecord, ResponseStepRecord } from './response-tables.js';
import type { SfCall } from './sf-call-record.js';
import { stageRow } from './staged-row.js';

/** An incident of a located call: officer-initiated ones are marked (migrations/020). */
export type CallIncident = IncidentRecord & { officerInitiated: boolean };
export type UnplacedCallIncident = UnplacedRecord & { officerInitiated: boolean };

export const callIncidentsTable = defineTable<CallIncident>({
  name: incidentsTable.name,
  key: incidentsTable.key,
  skipDuplicatesOn: incidentsTable.skipDuplicatesOn ?? [],
  columns: [
    ...incidentsTable.columns,
    valueColumn('officer_initiated', 'boolean', (r) => r.officerInitiated, { fixed: true }),
  ],
});

/** The incident's status follows its response's latest step. */
const STATUS_OF_STEP: Readonly<Record<ResponseStep, IncidentStatus>> = {
  received: 'open',
  dispatched: 'responding',
  en_route: 'responding',
  on_scene: 'responding',
  cleared: 'resolved',
};

export interface StagedCall {
  call: SfCall;
  /** Null for a call without a place: never placed, never in a district. */
  incident: UnplacedCallIncident | null;
  response: ResponseRecord;
  steps: ResponseStepRecord[];
}

export interface CallBatch {
  source: string;
  /** When the batch is written, ISO 8601. */
  createdAt: string;
  /** Who recorded the steps: the import, by its run id. */
  recordedBy: string;
}

function stepTime(call: SfCall, step: ResponseStep): string | null {
  return call.timeline.steps.find((s) => s.step === step)?.at.toISOString() ?? null;
}

/**
 * A call as rows: its incident (masked and redacted by the same code as any import, so the
 * public point follows the category's policy), its response and the steps that stand.
 */
export function stageCall(call: SfCall, batch: CallBatch): StagedCall {
  const received = call.timeline.steps[0];
  const latest = call.timeline.steps.at(-1);
  if (!received || !latest) throw new Error('a call without its received step');
  const receivedAt = received.at;
  const policy = findCategory(call.category)?.policy ?? 'hidden';
  const incident: UnplacedCallIncident | null = call.location
    ? {
        ...stageRow(
          {
            position: call.position,
            externalRef: call.externalRef,
            category: { slug: call.category },
            x: call.location.lon,
            y: call.location.lat,
            srid: 4326,
            occurredAt: receivedAt,
            summary: call.summary,
            priority: call.priority,
            ...(call.block === null ? {} : { block: call.block }),
          },
          call.location,
          { category: call.category, policy },
          batch,
        ),
        status: STATUS_OF_STEP[latest.step],
        officerInitiated: call.officerInitiated,
      }
    : null;
  const responseId = uuidv7();
  const response: ResponseRecord = {
    id: responseId,
    incidentId: incident?.id ?? null,
    category: call.category,
    priority: call.priority,
    officerInitiated: call.officerInitiated,
    state: latest.step,
    receivedAt: receivedAt.toISOString(),
    dispatchedAt: stepTime(call, 'dispatched'),
    enRouteAt: stepTime(call, 'en_route'),
    onSceneAt: stepTime(call, 'on_scene'),
    clearedAt: stepTime(call, 'cleared'),
    disposition: call.disposition,
    source: batch.source,
    externalRef: call.externalRef,
    createdAt: batch.createdAt,
    updatedAt: batch.createdAt,
  };
  const steps = call.timeline.steps.map((step, i): ResponseStepRecord => ({
    id: uuidv7(),
    responseId,
    seq: i + 1,
    step: step.step,
    at: step.at.toISOString(),
    // The disposition is what the call ended with: it belongs to the closing step.
    disposition: step.step === 'cleared' ? call.disposition : null,
    recordedAt: batch.createdAt,
    recordedBy: batch.recordedBy,
  }));
  return { call, incident, response, steps };
}
