import { findFormat } from '../import/formats.js';
import { ImportUsageError } from '../import/import-format.js';
import { DISTRICTS_USAGE, importDistrictsCommand } from './import-districts.js';
import { importIncidentsCommand, INCIDENTS_USAGE } from './import-incidents.js';
import { importSfCallsCommand, SF_CALLS_USAGE } from './import-sf-calls.js';

/**
 * `npm run import -- <what> …`, the one importer: the first word says what the file holds,
 * `districts`, `sf-calls` (dispatched calls with their responses) or the format of a file of
 * incidents. Exit codes: 0 done, 1 failed, 2 usage.
 */
const USAGE = `usage: npm run import -- <districts|sf-calls|format> … [--help]
${INCIDENTS_USAGE}
${DISTRICTS_USAGE}
${SF_CALLS_USAGE}
Into the database DATABASE_URL names, or the embedded one in DATA_DIR (stop the server first).`;

const HELP_FLAGS = new Set(['--help', '-h']);

function runCommand(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'districts') return importDistrictsCommand(rest);
  if (what === 'sf-calls') return importSfCallsCommand(rest);
  const format = what === undefined ? undefined : findFormat(what);
  if (!format) {
    throw new ImportUsageError(
      what === undefined ? 'say what to import' : `"${what}" is neither districts nor a format`,
    );
  }
  return importIncidentsCommand(format, rest);
}

/** Runs `npm run import -- <args>`: prints what it did or what is wrong; resolves to the exit code. */
export async function runImportCommand(args: string[]): Promise<number> {
  if (args.some((arg) => HELP_FLAGS.has(arg))) {
    console.log(USAGE);
    return 0;
  }
  try {
    return await runCommand(args);
  } catch (error) {
    const usageProblem =
      error instanceof ImportUsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!usageProblem) return 1;
    console.error(USAGE);
    return 2;
  }
}
