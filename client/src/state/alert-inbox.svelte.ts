import type { AlertNotification } from '../../../shared/schemas/alert.js';
import { AlertStream } from '../api/alert-stream.js';

/** How many notifications stay on screen at once; older ones are in the alerts page's list. */
const SHOWN_MAX = 3;

/**
 * The in-app notifications of the signed-in person's alerts: listens while someone is signed
 * in, keeps the few newest on screen until dismissed, and tells the alerts page of each one.
 */
export class AlertInbox {
  shown = $state<AlertNotification[]>([]);
  /** Every notification since the page opened, for the alerts page's list. */
  received = $state<AlertNotification[]>([]);
  /** Whether the socket is open now (alerts arrive only then; the list has the rest). */
  connected = $state(false);
  #stream: AlertStream | null = null;

  /** Idempotent: one stream however often it is asked. */
  listen(): void {
    this.#stream ??= new AlertStream(
      (notification) => {
        this.receive(notification);
      },
      (connected) => {
        this.connected = connected;
      },
    );
  }

  stop(): void {
    this.#stream?.close();
    this.#stream = null;
    this.connected = false;
    this.shown = [];
    this.received = [];
  }

  receive(notification: AlertNotification): void {
    if (this.received.some((known) => known.id === notification.id)) return;
    this.received = [notification, ...this.received];
    this.shown = [notification, ...this.shown].slice(0, SHOWN_MAX);
  }

  dismiss(id: string): void {
    this.shown = this.shown.filter((notification) => notification.id !== id);
  }
}

export const alertInbox = new AlertInbox();
