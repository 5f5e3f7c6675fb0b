import type pg from 'pg';
import {
  ALERT_AREA_MAX_KM2,
  ALERTABLE_CATEGORY_SLUGS,
  type AlertArea,
  type QuietHours,
} from '../../shared/schemas/alert.js';
import {
  AlertAreaTooLargeError,
  CategoryNotAlertableError,
  InvalidAlertAreaError,
  InvalidTimeZoneError,
  UnknownDistrictError,
} from './alert-errors.js';
import { CHECK_POLYGON, SELECT_DISTRICT_ID } from './alerts.queries.js';
import { isTimeZone } from './quiet-hours.js';

/** Where an alert watches, as its row keeps it: a polygon (GeoJSON text) or a district id. */
export interface StoredArea {
  polygon: string | null;
  districtId: string | null;
}

/**
 * Checks an area and returns it as stored: a polygon closed, simple (PostGIS ST_IsValid) and
 * not larger than ALERT_AREA_MAX_KM2; a district that exists.
 */
export async function storedArea(db: pg.PoolClient, area: AlertArea): Promise<StoredArea> {
  if (area.kind === 'district') {
    const { rows } = await db.query<{ id: string }>(SELECT_DISTRICT_ID, [area.district]);
    const id = rows[0]?.id;
    if (id === undefined) throw new UnknownDistrictError(area.district);
    return { polygon: null, districtId: id };
  }
  const ring = area.polygon.coordinates[0] ?? [];
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    throw new InvalidAlertAreaError(
      'The polygon’s ring is not closed: repeat its first point last',
    );
  }
  const text = JSON.stringify(area.polygon);
  const { rows } = await db.query<{ valid: boolean; reason: string; km2: number }>(CHECK_POLYGON, [
    text,
  ]);
  const check = rows[0];
  if (!check?.valid) {
    throw new InvalidAlertAreaError(
      `The polygon is not a simple area (${check?.reason ?? 'invalid'}): it may not cross itself`,
    );
  }
  if (check.km2 > ALERT_AREA_MAX_KM2) throw new AlertAreaTooLargeError(Math.round(check.km2));
  return { polygon: text, districtId: null };
}

export function checkCategories(categories: readonly string[]): void {
  const refused = categories.find((c) => !ALERTABLE_CATEGORY_SLUGS.includes(c));
  if (refused !== undefined) throw new CategoryNotAlertableError(refused);
}

export function checkQuietHours(quiet: QuietHours | null | undefined): void {
  if (quiet && !isTimeZone(quiet.timeZone)) throw new InvalidTimeZoneError(quiet.timeZone);
}
