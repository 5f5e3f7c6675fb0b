import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.js';
import { parseSfCall, SF_CALL_COLUMNS, type ParsedCall } from './sf-call-record.js';

/** The source of the incidents and responses it writes, and the lines it reports by. */
export const SF_CALLS_SOURCE = 'sf-dispatch';

/**
 * Streams DataSF's dispatched-calls CSV as checked calls, or rejections with their line. The
 * header must be the export's 30 columns exactly (in any order): a column missing, unknown or
 * repeated stops the import before any row, since a changed layout could shift meanings.
 */
export async function* sfCallRecords(input: Readable): AsyncGenerator<ParsedCall> {
  const required = Object.keys(SF_CALL_COLUMNS);
  for await (const record of csvRecords(input, { required, onlyRequired: true })) {
    if (!record.ok) {
      yield {
        ok: false,
        rejection: {
          position: record.line,
          reason: record.reason,
          ...(record.detail === undefined ? {} : { detail: record.detail }),
        },
      };
      continue;
    }
    yield parseSfCall(record.fields, record.line);
  }
}
