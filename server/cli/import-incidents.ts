import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { IMPORT_FORMATS } from '../import/formats.js';
import {
  ImportUsageError,
  type ImportFormat,
  type ImportOptions,
} from '../import/import-format.js';
import { createProgress, type Progress } from '../import/import-progress.js';
import { openInput } from '../import/input-stream.js';
import { runImport } from '../import/run-import.js';

export const INCIDENTS_USAGE = `       npm run import -- <format> <file|-> [flags]
         incidents from open crime data; <format> is one of
         ${Object.keys(IMPORT_FORMATS).join(', ')}
         flags: --source NAME  --category COLUMN|CODE  --category-code CODE  --lon COL --lat COL
                --time COL | --time-parts Y,M,D[,h[,m[,s]]]  --timezone IANA  --id COL
                --srid EPSG  --summary COL,COL  --block COL  --delimiter ,|tab  --mapping map.json
                --limit N  --batch-size N`;

const STRING_FLAGS = [
  'source',
  'category',
  'category-code',
  'lon',
  'lat',
  'time',
  'time-parts',
  'timezone',
  'id',
  'srid',
  'summary',
  'block',
  'delimiter',
  'mapping',
  'limit',
  'batch-size',
] as const;

/** Flags are strings; mapping-file values may be strings, numbers or (for lists) arrays. */
function scalar(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return JSON.stringify(raw);
}

function positiveInteger(name: string, raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ImportUsageError(`--${name} must be a positive integer, got "${scalar(raw)}"`);
  }
  return value;
}

function list(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = Array.isArray(raw) ? raw.map(scalar) : scalar(raw).split(',');
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** Flags over the mapping file: both use the flag names (`"time-parts": "YEAR,MONTH,DAY"`). */
async function readOptions(values: Record<string, unknown>): Promise<ImportOptions> {
  let mapping: Record<string, unknown> = {};
  if (typeof values.mapping === 'string') {
    const parsed: unknown = JSON.parse(await readFile(values.mapping, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ImportUsageError('the mapping file must hold a JSON object of flag names');
    }
    mapping = parsed as Record<string, unknown>;
    const unknownKeys = Object.keys(mapping).filter(
      (key) => !(STRING_FLAGS as readonly string[]).includes(key) || key === 'mapping',
    );
    if (unknownKeys.length > 0) {
      throw new ImportUsageError(`unknown key(s) in the mapping file: ${unknownKeys.join(', ')}`);
    }
  }
  const get = (name: string): unknown => values[name] ?? mapping[name];
  const text = (name: string) => {
    const value = get(name);
    return value === undefined ? undefined : scalar(value);
  };
  return {
    source: text('source'),
    category: text('category'),
    categoryCode: text('category-code'),
    lon: text('lon'),
    lat: text('lat'),
    time: text('time'),
    timeParts: list(get('time-parts')),
    timezone: text('timezone'),
    id: text('id'),
    srid: positiveInteger('srid', get('srid')),
    summary: list(get('summary')),
    block: text('block'),
    delimiter: text('delimiter'),
  };
}

/**
 * `<format> <file|-> [flags]`: the arguments after the format's name. Prints the import's
 * summary; resolves to the exit code. A usage problem throws ImportUsageError.
 */
export async function importIncidentsCommand(
  format: ImportFormat,
  args: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: Object.fromEntries(STRING_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    throw new ImportUsageError(`${format.name} takes one file (or - for stdin)`);
  }
  const options = await readOptions(values);
  format.checkOptions(options);
  const limit = positiveInteger('limit', values.limit);
  const batchSize = positiveInteger('batch-size', values['batch-size']);
  // The file's size is known only once it is open, and the bar needs it: count bytes until then.
  const counter: { bytesBeforeBar: number; bar: Progress | undefined } = {
    bytesBeforeBar: 0,
    bar: undefined,
  };
  const opened = await openInput(file, (count) => {
    if (counter.bar) counter.bar.bytes(count);
    else counter.bytesBeforeBar += count;
  });
  const bar = createProgress(opened.totalBytes);
  bar.bytes(counter.bytesBeforeBar);
  counter.bar = bar;
  const db = await openDatabase(loadConfig());
  try {
    const report = await runImport(db.pool, {
      format,
      input: opened.stream,
      options,
      ...(limit === undefined ? {} : { limit }),
      ...(batchSize === undefined ? {} : { batchSize }),
      loader: db.mode === 'embedded' ? 'insert' : 'copy',
      onProgress: (r) => {
        bar.rows(r.read);
      },
    });
    bar.stop();
    console.log(`${format.name} ${file} → ${db.mode} database`);
    console.log(report.format());
    return 0;
  } finally {
    bar.stop();
    await db.close();
  }
}
