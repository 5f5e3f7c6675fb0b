/**
 * What every format turns its records into, before categories are resolved and the row is
 * masked: the common shape the batch writer takes.
 */
export interface ImportRow {
  /** Where the record starts in the input (a line for text formats, an index for JSON). */
  position: number;
  /** Stable within the source: re-importing the same record finds it again. */
  externalRef: string;
  /** The source's own category name (looked up in category_aliases), or a harmonised slug. */
  category: { code: string } | { slug: string };
  /** Longitude/latitude when srid is 4326, projected metres otherwise. */
  x: number;
  y: number;
  srid: number;
  occurredAt: Date;
  summary: string;
  priority: number;
  /** The source's street or block text ("051XX W MADISON ST", "On or near Parking Area"). */
  block?: string;
}

/** A record that cannot be imported, and why; `detail` is kept out of the per-reason counts. */
export interface Rejection {
  position: number;
  reason: string;
  detail?: string;
}

export type ParsedRecord = { ok: true; row: ImportRow } | { ok: false; rejection: Rejection };

export function rejected(position: number, reason: string, detail?: string): ParsedRecord {
  return {
    ok: false,
    rejection: detail === undefined ? { position, reason } : { position, reason, detail },
  };
}

export function accepted(row: ImportRow): ParsedRecord {
  return { ok: true, row };
}

/** The priority imported incidents get: open data carries none. */
export const IMPORTED_PRIORITY = 3;
