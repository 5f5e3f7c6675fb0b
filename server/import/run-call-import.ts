import type { Readable } from 'node:stream';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { CommitSignal } from '../record/commit-signal.js';
import { CallBatchWriter, type CallBatchOutcome } from './call-batch-writer.js';
import { CallImportReport } from './call-import-report.js';
import type { SfCall } from './sf-call-record.js';
import { SF_CALLS_SOURCE, sfCallRecords } from './sf-calls-format.js';

export const DEFAULT_CALL_BATCH_SIZE = 2_000;

export interface CallImportRequest {
  input: Readable;
  /** Stop after this many records. */
  limit?: number;
  batchSize?: number;
  /** Wakes the relays of this process, if it runs any, after each batch is committed. */
  commits?: CommitSignal;
  onProgress?: (report: CallImportReport) => void;
}

type Settled = { ok: true; outcome: CallBatchOutcome } | { ok: false; error: unknown };

function add(report: CallImportReport, outcome: CallBatchOutcome): void {
  report.imported += outcome.responses;
  report.duplicates += outcome.duplicates;
  report.incidents += outcome.incidents;
  report.responses += outcome.responses;
  report.unlocatedResponses += outcome.unlocatedResponses;
  report.steps += outcome.steps;
  report.officerInitiated += outcome.officerInitiated;
}

/**
 * Imports a file of San Francisco's dispatched calls (`npm run import -- sf-calls <file>`):
 * streams and checks the rows, writes them in batches on ONE client from the pool (the
 * embedded database has one connection), parsing the next batch while one is written.
 * A row counts as imported when its response is written.
 */
export async function runCallImport(
  pool: pg.Pool,
  request: CallImportRequest,
): Promise<CallImportReport> {
  const batchSize = request.batchSize ?? DEFAULT_CALL_BATCH_SIZE;
  const report = new CallImportReport();
  const commits = request.commits ?? new CommitSignal();
  const client = await pool.connect();
  let broken: Error | undefined;
  const onClientError = (error: Error) => {
    broken = error;
  };
  client.on('error', onClientError);
  try {
    const writer = new CallBatchWriter(
      client,
      { importId: uuidv7(), source: SF_CALLS_SOURCE, format: 'sf-calls' },
      () => {
        commits.notify();
      },
    );
    let pending: Promise<Settled> | undefined;
    const settle = async () => {
      if (!pending) return;
      const settled = await pending;
      pending = undefined;
      if (!settled.ok) throw settled.error;
      add(report, settled.outcome);
      request.onProgress?.(report);
    };
    const flush = async (calls: SfCall[]) => {
      await settle();
      if (calls.length === 0) return;
      pending = writer.write(calls).then(
        (outcome): Settled => ({ ok: true, outcome }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
    };
    let batch: SfCall[] = [];
    for await (const parsed of sfCallRecords(request.input)) {
      if (request.limit !== undefined && report.read >= request.limit) break;
      report.read += 1;
      if (!parsed.ok) {
        report.skip(parsed.rejection);
        continue;
      }
      report.noteCall(parsed.call);
      batch.push(parsed.call);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
    await settle();
    return report;
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    request.input.destroy();
    client.off('error', onClientError);
    client.release(broken);
  }
}
