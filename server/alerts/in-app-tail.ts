import type pg from 'pg';
import type { AlertNotification } from '../../shared/schemas/alert.js';
import { toNotification, type NotificationRow } from './alert-notification.js';
import { SELECT_DELIVERED_SINCE } from './notifications.queries.js';

/** Tells a person's open apps (their sockets in this process). */
export type InAppDelivery = (userId: string, notification: AlertNotification) => void;

export interface InAppTailOptions {
  /** The people with an open socket in this process. */
  connectedUsers(): string[];
  emit: InAppDelivery;
}

/**
 * Every process tells its own sockets, whichever process delivered: it reads the notifications
 * delivered since the last it saw, for the people connected to it. `delivered_at` is the
 * database's clock at the delivering transaction; one that commits late has an earlier time
 * than rows already seen, so each read looks back a margin and skips the ids it has sent.
 */
export class InAppTail {
  static readonly LOOK_BACK_MS = 60_000;
  #since: Date | null = null;
  readonly #sent = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: InAppTailOptions,
  ) {}

  async read(): Promise<void> {
    const users = this.options.connectedUsers();
    if (this.#since === null) {
      // Starts from now (the database's): what was delivered before was not for these sockets.
      const { rows } = await this.pool.query<{ now: Date }>('SELECT now() AS now');
      this.#since = rows[0]?.now ?? new Date();
    }
    if (users.length === 0) return;
    const from = new Date(this.#since.getTime() - InAppTail.LOOK_BACK_MS);
    const { rows } = await this.pool.query<NotificationRow & { delivered_at: Date }>(
      SELECT_DELIVERED_SINCE,
      [users, from],
    );
    for (const row of rows) {
      if (this.#sent.has(row.id)) continue;
      this.#sent.set(row.id, row.delivered_at.getTime());
      if (row.delivered_at > this.#since) this.#since = row.delivered_at;
      this.options.emit(row.user_id, toNotification(row));
    }
    const forget = from.getTime() - InAppTail.LOOK_BACK_MS;
    for (const [id, at] of this.#sent) if (at < forget) this.#sent.delete(id);
  }
}
