import type pg from 'pg';
import type { AlertNotification } from '../../shared/schemas/alert.js';
import { toNotification, type NotificationRow } from './alert-notification.js';
import { SELECT_RECENT_NOTIFICATIONS } from './notifications.queries.js';

export async function recentNotifications(
  db: pg.Pool,
  userId: string,
  limit: number,
): Promise<AlertNotification[]> {
  const { rows } = await db.query<NotificationRow>(SELECT_RECENT_NOTIFICATIONS, [userId, limit]);
  return rows.map(toNotification);
}
