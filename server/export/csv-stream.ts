import type { Transform } from 'node:stream';
import type { IncidentRow } from '../incidents/incident-row.js';
import { INCIDENT_CSV_HEADER, incidentCsvRecord } from './incident-csv.js';
import { textStream } from './text-stream.js';

/** The header row, then one record per public incident; records end with their own CRLF. */
export function incidentCsvStream(): Transform {
  return textStream<IncidentRow>({
    head: INCIDENT_CSV_HEADER,
    record: incidentCsvRecord,
    separator: '',
    tail: '',
  });
}
