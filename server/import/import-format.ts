import type { Readable } from 'node:stream';
import type { ParsedRecord } from './import-row.js';

/** The flags a format may take (the CLI's `--flag value`, or a `--mapping` JSON file). */
export interface ImportOptions {
  /** incidents.source and the category_aliases source; required by `csv` and `geojson`. */
  source?: string;
  /** `police-uk-tidy`: the category of every row; `csv`/`geojson`: the column/property. */
  category?: string;
  /** `csv`/`geojson`: one source category code for every row (files of a single crime type). */
  categoryCode?: string;
  lon?: string;
  lat?: string;
  /** The column/property with the date and time. */
  time?: string;
  /** Columns year, month, day[, hour[, minute[, second]]] to build the date from instead. */
  timeParts?: string[];
  /** IANA zone of times written without an offset; UTC by default. */
  timezone?: string;
  /** The column/property with the record's own id; without it, a hash of the row. */
  id?: string;
  /** EPSG code of projected lon/lat columns; 4326 by default. */
  srid?: number;
  /** Columns joined into the summary. */
  summary?: string[];
  /** The column/property with the street or block ("5XX HOMER ST"), for the place in words. */
  block?: string;
  /** `,` or a tab (`tab`); sniffed from the header line when absent. */
  delimiter?: string;
}

export interface ImportFormat {
  name: string;
  /** What the summary calls a record's position: `line`, `element`, `feature`. */
  positionLabel: string;
  /** The incidents.source these records get (and under which their categories are looked up). */
  source(options: ImportOptions): string;
  /** Refuses missing or contradictory flags before anything is read. */
  checkOptions(options: ImportOptions): void;
  records(input: Readable, options: ImportOptions): AsyncIterable<ParsedRecord>;
}

export class ImportUsageError extends Error {}

export function requireOption<K extends keyof ImportOptions>(
  options: ImportOptions,
  key: K,
  format: string,
): NonNullable<ImportOptions[K]> {
  const value = options[key];
  if (value === undefined || value === '') {
    throw new ImportUsageError(`format ${format} needs --${toFlag(key)}`);
  }
  return value;
}

export function toFlag(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
