import type { IncidentCreate } from '../../shared/schemas/incident.js';

/** One row of the Vancouver Police Department theft data, as shipped in demo/. */
export interface TheftRow {
  TYPE: string;
  YEAR: string;
  MONTH: string;
  DAY: string;
  HOUR: string;
  MINUTE: string;
  HUNDRED_BLOCK: string;
  NEIGHBOURHOOD: string;
  X: string;
  Y: string;
}

const CATEGORY_OF_TYPE: Record<string, { category: IncidentCreate['category']; priority: number }> =
  {
    'Other Theft': { category: 'theft', priority: 4 },
    'Theft from Vehicle': { category: 'vehicle-crime', priority: 4 },
    'Theft of Bicycle': { category: 'bicycle-theft', priority: 4 },
    'Theft of Vehicle': { category: 'vehicle-crime', priority: 3 },
  };

export interface DemoTheft {
  /** The row's line in the shipped file: the data has no ids of its own. */
  line: number;
  category: IncidentCreate['category'];
  priority: number;
  summary: string;
  /** The source's hundred block ("5XX HOMER ST"), or absent. */
  block?: string;
  x: number;
  y: number;
  /** As recorded (the data's local clock, read as UTC: only the order and spacing matter). */
  occurredAt: Date;
}

/** The rows that can become incidents: a known type and projected coordinates. */
export function toDemoThefts(rows: readonly TheftRow[]): DemoTheft[] {
  return rows.flatMap((row, index) => {
    const mapped = CATEGORY_OF_TYPE[row.TYPE];
    const x = Number(row.X);
    const y = Number(row.Y);
    // The VPD publishes some offences without coordinates, as 0.
    if (!mapped || !Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0) return [];
    const occurredAt = new Date(
      Date.UTC(+row.YEAR, +row.MONTH - 1, +row.DAY, +row.HOUR, +row.MINUTE),
    );
    if (Number.isNaN(occurredAt.getTime())) return [];
    const place = [row.HUNDRED_BLOCK, row.NEIGHBOURHOOD].filter((part) => part !== '').join(', ');
    return [
      {
        line: index + 2,
        ...mapped,
        summary: place ? `${row.TYPE} at ${place}` : row.TYPE,
        ...(row.HUNDRED_BLOCK.trim() === '' ? {} : { block: row.HUNDRED_BLOCK.trim() }),
        x,
        y,
        occurredAt,
      },
    ];
  });
}
