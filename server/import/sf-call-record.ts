import type { CategorySlug } from '../../shared/categories.js';
import { lonLatProblem } from './field-parsers.js';
import type { Rejection } from './import-row.js';
import { categoryOfCallType } from './sf-call-types.js';
import { callTimeline, type CallTimeline } from './sf-call-timeline.js';
import { zonedTimeToInstant } from '../../shared/zoned-time.js';

/** The portal's times are San Francisco's wall clock, without an offset. */
export const SF_TIME_ZONE = 'America/Los_Angeles';

type ColumnKind =
  | 'digits'
  | 'digits?'
  | 'time'
  | 'time?'
  | 'text'
  | 'text?'
  | 'priority'
  | 'priority?'
  | 'onview'
  | 'boolean'
  | 'point?'
  | 'integer?';

/**
 * The 30 columns of DataSF's "Law Enforcement Dispatched Calls for Service: Real-Time"
 * (gnap-fj3t) export, each with what it must hold; a file with any other header is refused.
 */
export const SF_CALL_COLUMNS = {
  id: 'digits',
  cad_number: 'digits',
  received_datetime: 'time',
  entry_datetime: 'time?',
  dispatch_datetime: 'time?',
  enroute_datetime: 'time?',
  onscene_datetime: 'time?',
  close_datetime: 'time?',
  call_type_original: 'text?',
  call_type_original_desc: 'text?',
  call_type_original_notes: 'text?',
  call_type_final: 'text?',
  call_type_final_desc: 'text?',
  call_type_final_notes: 'text?',
  priority_original: 'priority?',
  priority_final: 'priority',
  agency: 'text',
  disposition: 'text?',
  onview_flag: 'onview',
  sensitive_call: 'boolean',
  intersection_name: 'text?',
  intersection_id: 'digits?',
  intersection_point: 'point?',
  supervisor_district: 'integer?',
  analysis_neighborhood: 'text?',
  police_district: 'text?',
  call_last_updated_at: 'time?',
  data_as_of: 'time?',
  data_loaded_at: 'time?',
  'Analysis Neighborhoods': 'integer?',
} as const satisfies Record<string, ColumnKind>;

export type SfCallColumn = keyof typeof SF_CALL_COLUMNS;

/** SF's priorities onto ours: A (emergency) 1, B (urgent) 2, C (routine) 3. */
export const PRIORITY_OF_LETTER: Readonly<Record<string, number>> = { A: 1, B: 2, C: 3 };

/**
 * `onview_flag`: Y is an officer's own stop (the arrival is logged at receipt); HSOC is work
 * of the Healthy Streets Operations Center, planned encampment operations rather than calls
 * from the public. Both are officer-initiated and kept out of response times.
 */
const OFFICER_INITIATED_FLAGS = new Set(['Y', 'HSOC']);

const SF_TIME = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([AP]M)$/;
const WKT_POINT = /^POINT \((-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)\)$/;

/** `YYYY/MM/DD hh:mm:ss AM`, San Francisco's wall clock, as an instant; null if unreadable. */
export function parseSfTime(text: string): Date | null {
  const match = SF_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hour12, minute, second, meridiem] = match;
  const hour = Number(hour12);
  if (hour < 1 || hour > 12) return null;
  return zonedTimeToInstant(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: (hour % 12) + (meridiem === 'PM' ? 12 : 0),
      minute: Number(minute),
      second: Number(second),
    },
    SF_TIME_ZONE,
  );
}

function parsePoint(text: string): { lon: number; lat: number } | null {
  const match = WKT_POINT.exec(text);
  if (!match) return null;
  const lon = Number(match[1]);
  const lat = Number(match[2]);
  return lonLatProblem(lon, lat) === null ? { lon, lat } : null;
}

function valid(kind: ColumnKind, value: string): boolean {
  const optional = kind.endsWith('?');
  if (value === '') return optional;
  switch (kind.replace('?', '')) {
    case 'digits':
      return /^\d{1,20}$/.test(value);
    case 'integer':
      return /^-?\d{1,9}$/.test(value);
    case 'time':
      return parseSfTime(value) !== null;
    case 'priority':
      return Object.hasOwn(PRIORITY_OF_LETTER, value);
    case 'onview':
      return value === 'Y' || value === 'N' || OFFICER_INITIATED_FLAGS.has(value);
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'point':
      return parsePoint(value) !== null;
    default:
      return true;
  }
}

/** One dispatched call, checked, as the response importer writes it. */
export interface SfCall {
  position: number;
  /** The portal's row id: stable across exports of the same call. */
  externalRef: string;
  cadNumber: string;
  callType: string;
  category: CategorySlug;
  /** False when the call type took the default category (reported). */
  callTypeKnown: boolean;
  priority: number;
  priorityOriginal: string | null;
  officerInitiated: boolean;
  /** The call is `sensitive_call`: never placed, whatever the row holds. */
  sensitive: boolean;
  /** The intersection's point; null for sensitive calls and calls published without one. */
  location: { lon: number; lat: number } | null;
  /** The intersection ("HYDE ST / TURK ST"), for the place in words (generalised later). */
  block: string | null;
  /** The portal's own district label (the stored district comes from the point). */
  policeDistrict: string | null;
  agency: string;
  disposition: string | null;
  summary: string;
  timeline: CallTimeline;
}

export type ParsedCall = { ok: true; call: SfCall } | { ok: false; rejection: Rejection };

/**
 * Checks every column of one record and turns it into a call; the first column that does not
 * hold what it must rejects the record, named with its value.
 */
export function parseSfCall(
  fields: Readonly<Record<string, string>>,
  position: number,
): ParsedCall {
  const field = (column: SfCallColumn) => (fields[column] ?? '').trim();
  for (const [column, kind] of Object.entries(SF_CALL_COLUMNS) as [SfCallColumn, ColumnKind][]) {
    const value = field(column);
    if (!valid(kind, value)) {
      const reason = value === '' ? `no ${column}` : `unreadable ${column}`;
      return {
        ok: false,
        rejection: { position, reason, detail: `id ${field('id')}: "${value}"` },
      };
    }
  }
  const time = (column: SfCallColumn) => (field(column) === '' ? null : parseSfTime(field(column)));
  const callType = field('call_type_final_desc') || field('call_type_original_desc');
  const mapped = categoryOfCallType(callType);
  const sensitive = field('sensitive_call') === 'true';
  const pointText = field('intersection_point');
  const intersection = field('intersection_name').replace(/\s*\\\s*/g, ' / ');
  const notes = field('call_type_final_notes') || field('call_type_original_notes');
  return {
    ok: true,
    call: {
      position,
      externalRef: field('id'),
      cadNumber: field('cad_number'),
      callType,
      category: mapped.category,
      callTypeKnown: mapped.known,
      priority: PRIORITY_OF_LETTER[field('priority_final')] ?? 3,
      priorityOriginal: field('priority_original') || null,
      officerInitiated: OFFICER_INITIATED_FLAGS.has(field('onview_flag')),
      sensitive,
      location: sensitive || pointText === '' ? null : parsePoint(pointText),
      block: sensitive || intersection === '' ? null : intersection,
      policeDistrict: field('police_district') || null,
      agency: field('agency'),
      disposition: field('disposition') || null,
      summary: [notes ? `${callType}: ${notes}` : callType || 'call for service', field('agency')]
        .filter(Boolean)
        .join(', '),
      timeline: callTimeline({
        received: time('received_datetime'),
        dispatched: time('dispatch_datetime'),
        en_route: time('enroute_datetime'),
        on_scene: time('onscene_datetime'),
        cleared: time('close_datetime'),
      }),
    },
  };
}
