import type { Alert, AlertPolygon, AlertTrigger } from '../../shared/schemas/alert.js';
import type { CategorySlug } from '../../shared/categories.js';

/** An alerts row as alerts.queries.ts selects it. */
export interface AlertRow {
  id: string;
  name: string;
  area: AlertPolygon | null;
  district: string | null;
  categories: CategorySlug[];
  triggers: AlertTrigger[];
  quiet_start: string | null;
  quiet_end: string | null;
  quiet_time_zone: string | null;
  paused: boolean;
  created_at: Date;
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    name: row.name,
    area:
      row.area !== null
        ? { kind: 'polygon', polygon: { type: 'Polygon', coordinates: row.area.coordinates } }
        : { kind: 'district', district: row.district ?? '' },
    categories: row.categories,
    triggers: row.triggers,
    quietHours:
      row.quiet_start !== null && row.quiet_end !== null && row.quiet_time_zone !== null
        ? { start: row.quiet_start, end: row.quiet_end, timeZone: row.quiet_time_zone }
        : null,
    paused: row.paused,
    createdAt: row.created_at.toISOString(),
  };
}
