import { v7 as uuidv7 } from 'uuid';
import type { CategorySlug, PublicPolicy } from '../../shared/categories.js';
import { publicLocation } from '../privacy/geomask.js';
import { redactText } from '../privacy/redact-text.js';
import { blockShownUnder, generaliseBlock } from '../privacy/place-description.js';
import type { IncidentRecord, UnplacedRecord } from '../incidents/incident-table.js';
import type { ImportRow } from './import-row.js';

/** A row ready for the record writer: masked and redacted exactly like a live incident. */
export type StagedRow = IncidentRecord;

/** A staged row before its district is looked up (server/incidents/incident-places.ts). */
export type UnplacedStagedRow = UnplacedRecord;

// What the API refuses in text (shared/schemas/common.ts); PostgreSQL cannot store NUL at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function hasControlCharacters(text: string): boolean {
  return new RegExp(CONTROL_CHARACTERS.source).test(text);
}

/**
 * The public location comes from server/privacy/geomask.ts, the public summary from
 * redact-text.ts and the block from place-description.ts, as for incidents created through the
 * API (incident-create-prepare.ts).
 * Imported incidents are open, reported when they occurred, and created at `batch.createdAt`.
 */
export function stageRow(
  row: ImportRow,
  lonLat: { lon: number; lat: number },
  resolved: { category: string; policy: PublicPolicy },
  batch: { source: string; createdAt: string },
): UnplacedStagedRow {
  // Open data is not typed by hand: a stray control character is blanked, not a reason to skip.
  const summary = row.summary.replace(CONTROL_CHARACTERS, ' ');
  const occurredAt = row.occurredAt.toISOString();
  return {
    id: uuidv7(),
    // The resolver found it among the categories (category-resolver.ts).
    category: resolved.category as CategorySlug,
    priority: row.priority,
    status: 'open',
    visibility: resolved.policy,
    source: batch.source,
    occurredAt,
    reportedAt: occurredAt,
    createdAt: batch.createdAt,
    updatedAt: batch.createdAt,
    publicSummary: redactText(summary),
    publicLocation: publicLocation(lonLat, resolved.policy),
    publicBlock: blockShownUnder(resolved.policy, generaliseBlock(row.block)),
    summary,
    externalRef: row.externalRef,
    location: { lon: lonLat.lon, lat: lonLat.lat },
  };
}
