import { v7 as uuidv7 } from 'uuid';
import type { PublicPolicy } from '../../shared/categories.js';
import { publicLocation } from '../privacy/geomask.js';
import { redactText } from '../privacy/redact-text.js';
import type { ImportRow } from './import-row.js';

/** A row ready for the staging table: masked and redacted exactly like a live incident. */
export interface StagedRow {
  id: string;
  position: number;
  category: string;
  priority: number;
  summary: string;
  publicSummary: string;
  occurredAt: string;
  lon: number;
  lat: number;
  visibility: PublicPolicy;
  publicLon: number | null;
  publicLat: number | null;
  externalRef: string;
}

// What the API refuses in text (shared/schemas/common.ts); PostgreSQL cannot store NUL at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function hasControlCharacters(text: string): boolean {
  return new RegExp(CONTROL_CHARACTERS.source).test(text);
}

/**
 * The public location comes from server/privacy/geomask.ts and the public summary from
 * redact-text.ts, as for incidents created through the API (incident-create-prepare.ts).
 */
export function stageRow(
  row: ImportRow,
  lonLat: { lon: number; lat: number },
  category: string,
  policy: PublicPolicy,
): StagedRow {
  const masked = publicLocation(lonLat, policy);
  // Open data is not typed by hand: a stray control character is blanked, not a reason to skip.
  const summary = row.summary.replace(CONTROL_CHARACTERS, ' ');
  return {
    id: uuidv7(),
    position: row.position,
    category,
    priority: row.priority,
    summary,
    publicSummary: redactText(summary),
    occurredAt: row.occurredAt.toISOString(),
    lon: lonLat.lon,
    lat: lonLat.lat,
    visibility: policy,
    publicLon: masked?.lon ?? null,
    publicLat: masked?.lat ?? null,
    externalRef: row.externalRef,
  };
}
