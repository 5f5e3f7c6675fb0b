import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { ImportUsageError } from '../import/import-format.js';
import { createProgress } from '../import/import-progress.js';
import { openInput } from '../import/input-stream.js';
import { runCallImport } from '../import/run-call-import.js';

export const SF_CALLS_USAGE = `       npm run import -- sf-calls <file|-> [--limit N] [--batch-size N]
         San Francisco's dispatched calls for service (DataSF gnap-fj3t CSV export, gzip or
         not): incidents with their response timelines; calls without a place as responses only`;

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ImportUsageError(`--${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

/**
 * `sf-calls <file|->`: the arguments after the word "sf-calls". Prints the import's summary;
 * resolves to the exit code. A usage problem throws ImportUsageError.
 */
export async function importSfCallsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { limit: { type: 'string' }, 'batch-size': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    throw new ImportUsageError('sf-calls takes one file (or - for stdin)');
  }
  const limit = positiveInteger('limit', values.limit);
  const batchSize = positiveInteger('batch-size', values['batch-size']);
  let bar: ReturnType<typeof createProgress> | undefined;
  let bytesBeforeBar = 0;
  const opened = await openInput(file, (count) => {
    if (bar) bar.bytes(count);
    else bytesBeforeBar += count;
  });
  bar = createProgress(opened.totalBytes);
  bar.bytes(bytesBeforeBar);
  const db = await openDatabase(loadConfig());
  try {
    const report = await runCallImport(db.pool, {
      input: opened.stream,
      ...(limit === undefined ? {} : { limit }),
      ...(batchSize === undefined ? {} : { batchSize }),
      onProgress: (r) => {
        bar?.rows(r.read);
      },
    });
    bar.stop();
    console.log(`sf-calls ${file} → ${db.mode} database`);
    console.log(report.format());
    return 0;
  } finally {
    bar.stop();
    await db.close();
  }
}
