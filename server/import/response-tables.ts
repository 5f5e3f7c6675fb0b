import type { CategorySlug } from '../../shared/categories.js';
import type { ResponseStep } from '../../shared/schemas/response-constants.js';
import { defineTable, valueColumn, type Column } from '../record/table.js';

/** A response as the importer writes it: its timeline is known whole. */
export interface ResponseRecord {
  id: string;
  /** Null for a call published without a place: it counts city-wide only. */
  incidentId: string | null;
  category: CategorySlug;
  priority: number;
  officerInitiated: boolean;
  state: ResponseStep;
  /** ISO 8601 times; null where the step was not reached. */
  receivedAt: string;
  dispatchedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
  disposition: string | null;
  source: string;
  externalRef: string;
  createdAt: string;
  updatedAt: string;
}

export interface ResponseStepRecord {
  id: string;
  responseId: string;
  seq: number;
  step: ResponseStep;
  at: string;
  disposition: string | null;
  recordedAt: string;
  recordedBy: string;
}

/**
 * The district is the incident's (its exact place's, set by the incidents' trigger), read in
 * the same statement: a call without an incident has none. It travels as no field of its own.
 */
const districtOfIncident: Column<ResponseRecord> = {
  name: 'district_id',
  fields: [],
  write: '(SELECT i.district_id FROM incidents AS i WHERE i.id = r.incident_id)',
  read: (column) => (column === 'district_id' ? column : `${column} AS district_id`),
  private: false,
  fixed: false,
};

/** The responses table, for bulk writes: a (source, external_ref) stored already is skipped. */
export const importedResponsesTable = defineTable<ResponseRecord>({
  name: 'responses',
  key: 'id',
  skipDuplicatesOn: ['source', 'external_ref'],
  columns: [
    valueColumn('id', 'uuid', (r) => r.id),
    valueColumn('incident_id', 'uuid', (r) => r.incidentId),
    districtOfIncident,
    valueColumn('category', 'text', (r) => r.category),
    valueColumn('priority', 'smallint', (r) => r.priority),
    valueColumn('officer_initiated', 'boolean', (r) => r.officerInitiated),
    valueColumn('state', 'text', (r) => r.state),
    valueColumn('received_at', 'timestamptz', (r) => r.receivedAt),
    valueColumn('dispatched_at', 'timestamptz', (r) => r.dispatchedAt),
    valueColumn('en_route_at', 'timestamptz', (r) => r.enRouteAt),
    valueColumn('on_scene_at', 'timestamptz', (r) => r.onSceneAt),
    valueColumn('cleared_at', 'timestamptz', (r) => r.clearedAt),
    valueColumn('disposition', 'text', (r) => r.disposition),
    valueColumn('source', 'text', (r) => r.source),
    valueColumn('external_ref', 'text', (r) => r.externalRef, { private: true }),
    valueColumn('created_at', 'timestamptz', (r) => r.createdAt),
    valueColumn('updated_at', 'timestamptz', (r) => r.updatedAt),
  ],
});

/** The response_steps table (append-only), for bulk writes. */
export const importedResponseStepsTable = defineTable<ResponseStepRecord>({
  name: 'response_steps',
  key: 'id',
  columns: [
    valueColumn('id', 'uuid', (r) => r.id),
    valueColumn('response_id', 'uuid', (r) => r.responseId),
    valueColumn('seq', 'integer', (r) => r.seq),
    valueColumn('step', 'text', (r) => r.step),
    valueColumn('at', 'timestamptz', (r) => r.at),
    valueColumn('disposition', 'text', (r) => r.disposition),
    valueColumn('recorded_at', 'timestamptz', (r) => r.recordedAt),
    valueColumn('recorded_by', 'text', (r) => r.recordedBy),
  ],
});
