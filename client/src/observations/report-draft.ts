import {
  OBSERVATION_TEXT_MAX,
  type ObservationKind,
  type ObservedBehaviour,
} from '../../../shared/observations/kinds.js';
import type { LonLat } from '../../../shared/schemas/common.js';
import type { ObservationCreate } from '../../../shared/schemas/observation.js';

/** What the report form holds before sending. */
export interface ReportDraft {
  kind: ObservationKind | null;
  /** null: "just now" (the server takes the time of arrival). */
  observedAt: string | null;
  location: LonLat | null;
  behaviours: ObservedBehaviour[];
  text: string;
}

/**
 * A text's length as the server's schema counts it (maxLength counts code points, so an emoji
 * is one character, as the person sees it).
 */
export function textLength(text: string): number {
  let count = 0;
  for (const codePoint of text) if (codePoint) count++;
  return count;
}

export type DraftProblem = 'kind' | 'location' | 'text_too_long' | 'time_in_future';

/** Clock skew allowed for a time typed as "now" on a device whose clock runs a little fast. */
const FUTURE_SLACK_MS = 5 * 60_000;

export function draftProblems(draft: ReportDraft, nowMs: number): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.kind === null) problems.push('kind');
  if (draft.location === null) problems.push('location');
  if (textLength(draft.text) > OBSERVATION_TEXT_MAX) problems.push('text_too_long');
  if (draft.observedAt !== null && Date.parse(draft.observedAt) > nowMs + FUTURE_SLACK_MS) {
    problems.push('time_in_future');
  }
  return problems;
}

/** The value of an `<input type="datetime-local">` as ISO 8601 with a zone, or null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** A time as `<input type="datetime-local">` shows it, in the device's zone, to the minute. */
export function isoToLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** The request body (POST /api/v1/observations); throws when the draft has a problem. */
export function reportBody(draft: ReportDraft, altcha: string | null): ObservationCreate {
  if (draft.kind === null || draft.location === null) throw new Error('incomplete report');
  const text = draft.text.trim();
  return {
    category: draft.kind,
    location: draft.location,
    ...(draft.observedAt !== null && { observedAt: draft.observedAt }),
    ...(draft.behaviours.length > 0 && { behaviours: [...draft.behaviours] }),
    ...(text !== '' && { text }),
    ...(altcha !== null && { altcha }),
  };
}
