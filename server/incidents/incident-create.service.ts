import type { Settled } from '../db/batch-queue.js';
import type { RecordWriter } from '../record/record-writer.js';
import { writeIncidents } from './incident-create-batch.js';
import {
  prepare,
  type CreateRequest,
  type CreateResult,
  type Prepared,
} from './incident-create-prepare.js';

export type { CreateRequest } from './incident-create-prepare.js';

/**
 * Creates incidents together, through the record writer: a request that fails its own rules
 * fails alone, and so does one that breaks the shared transaction (the writer retries each).
 */
export async function createIncidents(
  records: RecordWriter,
  requests: readonly CreateRequest[],
): Promise<Settled<CreateResult>[]> {
  const now = new Date();
  const prepared = requests.map((request): Settled<Prepared> => {
    try {
      return { ok: true, value: prepare(request, now) };
    } catch (error) {
      return { ok: false, error };
    }
  });
  const ready = prepared.flatMap((item) => (item.ok ? [item.value] : []));
  const written = await records.writeBatch(ready, writeIncidents);
  let next = 0;
  return prepared.map((item) =>
    item.ok
      ? (written[next++] ?? { ok: false, error: new Error('no outcome for the request') })
      : item,
  );
}

/** Creates one incident, alone in its transaction (scripts, tests, importers of single rows). */
export async function createIncident(
  records: RecordWriter,
  request: CreateRequest,
): Promise<CreateResult> {
  const [outcome] = await createIncidents(records, [request]);
  if (!outcome) throw new Error('no outcome for the request');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * The HTTP path: concurrent requests of this process share transactions (group commit), so the
 * chain lock and the WAL flush are paid once per batch rather than once per incident.
 */
export function incidentCreator(
  records: RecordWriter,
): (request: CreateRequest) => Promise<CreateResult> {
  const submit = records.groupCommit(writeIncidents);
  return async (request) => submit(prepare(request, new Date()));
}
