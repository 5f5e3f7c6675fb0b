import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  ALERT_TRIGGERS,
  ALERTS_PER_ACCOUNT_MAX,
  type Alert,
  type AlertCreate,
  type AlertPatch,
} from '../../shared/schemas/alert.js';
import { withTransaction } from '../db/transaction.js';
import { NotFoundError } from '../errors.js';
import { checkCategories, checkQuietHours, storedArea, type StoredArea } from './alert-area.js';
import { TooManyAlertsError } from './alert-errors.js';
import { toAlert, type AlertRow } from './alert-row.js';
import {
  COUNT_ALERTS_OF_USER,
  DELETE_ALERT,
  DROP_UNDELIVERED_OF_ALERT,
  INSERT_ALERT,
  LOCK_USER,
  SELECT_ALERT_OF_USER,
  SELECT_ALERTS_OF_USER,
  UPDATE_ALERT,
} from './alerts.queries.js';

export async function listAlerts(db: pg.Pool, userId: string): Promise<Alert[]> {
  const { rows } = await db.query<AlertRow>(SELECT_ALERTS_OF_USER, [userId]);
  return rows.map(toAlert);
}

async function readAlert(db: pg.Pool | pg.PoolClient, id: string, userId: string) {
  const { rows } = await db.query<AlertRow>(SELECT_ALERT_OF_USER, [id, userId]);
  const row = rows[0];
  // Another person's alert is not found: whether it exists is not theirs to learn.
  if (!row) throw new NotFoundError(`alert ${id}`);
  return row;
}

function quietColumns(alert: { quietHours?: AlertCreate['quietHours'] }) {
  const quiet = alert.quietHours ?? null;
  return [quiet?.start ?? null, quiet?.end ?? null, quiet?.timeZone ?? null];
}

export async function createAlert(db: pg.Pool, userId: string, input: AlertCreate): Promise<Alert> {
  checkCategories(input.categories);
  checkQuietHours(input.quietHours);
  const id = randomUUID();
  await withTransaction(db, async (client) => {
    await client.query(LOCK_USER, [userId]);
    const { rows } = await client.query<{ count: number }>(COUNT_ALERTS_OF_USER, [userId]);
    if ((rows[0]?.count ?? 0) >= ALERTS_PER_ACCOUNT_MAX) throw new TooManyAlertsError();
    const area = await storedArea(client, input.area);
    await client.query(INSERT_ALERT, [
      id,
      userId,
      input.name,
      area.polygon,
      area.districtId,
      input.categories,
      input.triggers ?? [...ALERT_TRIGGERS],
      ...quietColumns(input),
    ]);
  });
  return toAlert(await readAlert(db, id, userId));
}

export async function patchAlert(
  db: pg.Pool,
  userId: string,
  id: string,
  patch: AlertPatch,
): Promise<Alert> {
  if (patch.categories) checkCategories(patch.categories);
  checkQuietHours(patch.quietHours);
  await withTransaction(db, async (client) => {
    const current = toAlert(await readAlert(client, id, userId));
    const area: StoredArea = patch.area
      ? await storedArea(client, patch.area)
      : await storedArea(client, current.area);
    const next = { ...current, ...patch };
    await client.query(UPDATE_ALERT, [
      id,
      userId,
      next.name,
      area.polygon,
      area.districtId,
      next.categories,
      next.triggers,
      ...quietColumns(next),
      next.paused,
    ]);
    if (next.paused) await client.query(DROP_UNDELIVERED_OF_ALERT, [id]);
  });
  return toAlert(await readAlert(db, id, userId));
}

export async function deleteAlert(db: pg.Pool, userId: string, id: string): Promise<void> {
  const { rowCount } = await db.query(DELETE_ALERT, [id, userId]);
  if (rowCount === 0) throw new NotFoundError(`alert ${id}`);
}
