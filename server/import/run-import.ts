import type { Readable } from 'node:stream';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { CommitSignal } from '../record/commit-signal.js';
import type { BulkLoad } from '../record/bulk-loader.js';
import { RecordWriter } from '../record/record-writer.js';
import { BatchWriter, type BatchOutcome } from './batch-writer.js';
import { CategoryResolver } from './category-resolver.js';
import { ImportUsageError, type ImportFormat, type ImportOptions } from './import-format.js';
import type { ImportRow } from './import-row.js';
import { ImportReport } from './import-report.js';
import { assertTimeZone } from '../../shared/zoned-time.js';

export const DEFAULT_BATCH_SIZE = 5_000;

export interface ImportRequest {
  format: ImportFormat;
  input: Readable;
  options: ImportOptions;
  /** Stop after this many records. */
  limit?: number;
  batchSize?: number;
  /** `insert` for the embedded database, which cannot take COPY FROM STDIN. */
  loader?: BulkLoad;
  /** Wakes the relays of this process, if it runs any, after each batch is committed. */
  commits?: CommitSignal;
  /** Called after each batch is written. */
  onProgress?: (report: ImportReport) => void;
}

type Settled = { ok: true; outcome: BatchOutcome } | { ok: false; error: unknown };

async function checkRequest(client: pg.PoolClient, request: ImportRequest, source: string) {
  request.format.checkOptions(request.options);
  if (!/^[\w.:-]{1,100}$/.test(source)) {
    throw new ImportUsageError(`the source "${source}" may hold letters, digits and . _ : - only`);
  }
  if (request.options.timezone) {
    try {
      assertTimeZone(request.options.timezone);
    } catch {
      throw new ImportUsageError(`unknown time zone "${request.options.timezone}"`);
    }
  }
  const srid = request.options.srid;
  if (srid !== undefined && srid !== 4326) {
    const known = await client.query('SELECT 1 FROM spatial_ref_sys WHERE srid = $1', [srid]);
    if (known.rowCount === 0) throw new ImportUsageError(`PostGIS does not know EPSG:${srid}`);
  }
}

/**
 * Imports one input: reads records as a stream, writes them in batches on ONE client from the
 * pool, and returns the report. While a batch is in the database the next one is parsed.
 */
export async function runImport(pool: pg.Pool, request: ImportRequest): Promise<ImportReport> {
  const { format, options } = request;
  const source = format.source(options);
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  const report = new ImportReport(format.positionLabel);
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection that dies between queries emits 'error' on the client; the next query fails.
  const onClientError = (error: Error) => {
    broken = error;
  };
  client.on('error', onClientError);
  try {
    await checkRequest(client, request, source);
    const resolver = await CategoryResolver.load(client, source);
    const records = new RecordWriter(pool, request.commits ?? new CommitSignal());
    const writer = new BatchWriter(
      client,
      records,
      resolver,
      { importId: uuidv7(), source, format: format.name },
      request.loader ?? 'copy',
    );
    await writer.open();
    let pending: Promise<Settled> | undefined;
    const settle = async () => {
      if (!pending) return;
      const settled = await pending;
      pending = undefined;
      if (!settled.ok) throw settled.error;
      report.imported += settled.outcome.inserted;
      report.duplicates += settled.outcome.duplicates;
      for (const rejection of settled.outcome.rejections) report.skip(rejection);
      request.onProgress?.(report);
    };
    const flush = async (rows: ImportRow[]) => {
      await settle();
      if (rows.length === 0) return;
      pending = writer.write(rows).then(
        (outcome): Settled => ({ ok: true, outcome }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
    };
    let batch: ImportRow[] = [];
    for await (const record of format.records(request.input, options)) {
      if (request.limit !== undefined && report.read >= request.limit) break;
      report.read += 1;
      if (!record.ok) {
        report.skip(record.rejection);
        continue;
      }
      batch.push(record.row);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
    await settle();
    await writer.close();
    return report;
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    request.input.destroy();
    client.off('error', onClientError);
    // A client that failed mid-COPY may be in any state: drop it rather than reuse it.
    client.release(broken);
  }
}
