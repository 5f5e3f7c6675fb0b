import type pg from 'pg';
import type {
  HoldRule,
  ModerationState,
  ObservationKind,
} from '../../shared/observations/kinds.js';
import type {
  ModerationAlert,
  ModerationQueue,
  ModerationQueueItem,
} from '../../shared/schemas/moderation.js';
import { NotFoundError } from '../errors.js';
import { readFeedbackQueue } from './feedback-moderation.service.js';
import { RESOLVE_ALERT, SELECT_OPEN_ALERTS, SELECT_QUEUE } from './moderation.queries.js';

interface QueueRow {
  id: string;
  category: ObservationKind;
  text: string | null;
  public_text: string | null;
  lon: number | null;
  lat: number | null;
  held_for: HoldRule[];
  flags: number;
  created_at: Date;
  moderation: ModerationState;
  alert_id: string | null;
  flag_reasons: string[];
}

interface AlertRow {
  id: string;
  raised_at: Date;
  reporters: number;
  items: string[];
}

function toItem(row: QueueRow): ModerationQueueItem {
  return {
    kind: 'observation',
    id: row.id,
    category: row.category,
    text: row.text,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    heldFor: row.held_for,
    flags: row.flags,
    createdAt: row.created_at.toISOString(),
    state: row.moderation,
    publicText: row.public_text,
    alertId: row.alert_id,
    flagReasons: row.flag_reasons,
  };
}

function toAlert(row: AlertRow): ModerationAlert {
  return {
    id: row.id,
    raisedAt: row.raised_at.toISOString(),
    reporters: row.reporters,
    items: row.items,
  };
}

/**
 * Held and pending reports and feedback comments, oldest first, with why they wait; and the
 * open alerts.
 */
export async function readQueue(pool: pg.Pool, limit = 200): Promise<ModerationQueue> {
  const [items, alerts, feedback] = await Promise.all([
    pool.query<QueueRow>(SELECT_QUEUE, [limit]),
    pool.query<AlertRow>(SELECT_OPEN_ALERTS),
    readFeedbackQueue(pool, limit),
  ]);
  return { items: items.rows.map(toItem), alerts: alerts.rows.map(toAlert), feedback };
}

export async function resolveAlert(pool: pg.Pool, id: string): Promise<void> {
  const resolved = await pool.query(RESOLVE_ALERT, [id]);
  if (resolved.rowCount === 0) throw new NotFoundError(`open alert ${id}`);
}
