import type pg from 'pg';
import { placeRecords } from '../incidents/incident-places.js';
import type { NewEvent } from '../record/events.js';
import { RecordSession } from '../record/record-session.js';
import { importBatchEvent } from './import-event.js';
import { insertRows, writeWholeResponses } from './response-bulk.js';
import type { SfCall } from './sf-call-record.js';
import {
  callIncidentsTable,
  stageCall,
  type CallIncident,
  type StagedCall,
} from './sf-call-staging.js';

export interface CallBatchOutcome {
  /** Calls stored before (their response exists): nothing written for them. */
  duplicates: number;
  incidents: number;
  responses: number;
  unlocatedResponses: number;
  steps: number;
  officerInitiated: number;
}

export interface CallImportMeta {
  importId: string;
  source: string;
  format: string;
}

/**
 * Writes batches of calls on one client, each in one transaction: the located calls'
 * incidents (placed like any import's), then the responses of the calls whose incident is new
 * and of those without a place, then their steps, then the events: the incidents' one import
 * event per batch, and one `response.created` per response. A call stored before writes
 * nothing: a re-import is idempotent.
 */
export class CallBatchWriter {
  #batch = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly meta: CallImportMeta,
    private readonly onCommitted: () => void,
  ) {}

  async write(calls: readonly SfCall[]): Promise<CallBatchOutcome> {
    const batch = {
      source: this.meta.source,
      createdAt: new Date().toISOString(),
      recordedBy: `import:${this.meta.importId}`,
    };
    const staged = calls.map((call) => stageCall(call, batch));
    const session = new RecordSession(this.client);
    await this.client.query('BEGIN');
    let outcome: CallBatchOutcome;
    try {
      outcome = await this.#writeStaged(session, staged);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (session.appended > 0) this.onCommitted();
    return outcome;
  }

  async #writeStaged(
    session: RecordSession<pg.PoolClient>,
    staged: readonly StagedCall[],
  ): Promise<CallBatchOutcome> {
    const located = staged.flatMap((s) => (s.incident ? [s.incident] : []));
    const placed = await placeRecords(this.client, located);
    const incidents: CallIncident[] = placed.map((record, i) => ({
      ...record,
      officerInitiated: located[i]?.officerInitiated ?? false,
    }));
    const newIncidentIds = await insertRows(this.client, callIncidentsTable, incidents);
    const newIncidents = new Map(
      incidents.filter((i) => newIncidentIds.has(i.id)).map((i) => [i.id, i]),
    );
    const candidates = staged.filter((s) => s.incident === null || newIncidents.has(s.incident.id));
    const responses = await writeWholeResponses(
      this.client,
      candidates.map((s) => ({
        response: s.response,
        steps: s.steps,
        incident: s.incident ? (newIncidents.get(s.incident.id) ?? null) : null,
      })),
    );
    const events: NewEvent[] = [];
    if (newIncidents.size > 0) {
      this.#batch += 1;
      events.push(
        importBatchEvent({ ...this.meta, batch: this.#batch, rows: [...newIncidents.values()] }),
      );
    }
    events.push(...responses.events);
    // Last before COMMIT: it takes the chain lock.
    await session.append(events);
    const written = responses.written.map((item) => item.response);
    return {
      duplicates: staged.length - written.length,
      incidents: newIncidents.size,
      responses: written.length,
      unlocatedResponses: written.filter((r) => r.incidentId === null).length,
      steps: responses.steps,
      officerInitiated: written.filter((r) => r.officerInitiated).length,
    };
  }
}
