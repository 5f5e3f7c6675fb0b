import { KeySockets } from './key-sockets.js';
import type { StreamSocket } from './socket-io-transport.js';

/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days): a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionSocketsOptions {
  /** How often the sessions of the open sockets are checked (idle expiry, missed revocations). */
  sweepMs: number;
  /** Those of the sessions that are still live: one query for them all. */
  liveAmong(sessionIds: readonly string[]): Promise<Set<string>>;
  onClosed(closed: number): void;
  onError(error: unknown): void;
}

/**
 * The sockets of this process opened with a session cookie. A session ends by itself, with no
 * revocation to announce it: at its absolute expiry (each socket has a timer for it) and when
 * left idle (the sweep asks the database which of the sockets' sessions are still live). Either
 * way its sockets are closed, so a dispatcher's ended session stops receiving exact locations;
 * the client reconnects with what its cookie is worth then.
 */
export class SessionSockets {
  readonly #bySession = new KeySockets();
  #timer: NodeJS.Timeout | undefined;
  #sweeping = false;

  constructor(private readonly options: SessionSocketsOptions) {}

  /** Tracks a socket until its session ends; false when it has already ended (socket closed). */
  add(socket: StreamSocket, sessionId: string, expiresAt: number): boolean {
    if (expiresAt <= Date.now()) {
      socket.disconnect(true);
      return false;
    }
    this.#bySession.add(socket, sessionId);
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      const delay = expiresAt - Date.now();
      if (delay <= 0) {
        socket.disconnect(true);
        return;
      }
      timer = setTimeout(arm, Math.min(delay, MAX_TIMER_MS));
      timer.unref();
    };
    socket.once('disconnect', () => {
      clearTimeout(timer);
    });
    arm();
    return true;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      void this.sweep();
    }, this.options.sweepMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Closes the sockets whose session is no longer live; one query, none without sockets. */
  async sweep(): Promise<number> {
    const ids = this.#bySession.ids;
    if (ids.length === 0 || this.#sweeping) return 0;
    this.#sweeping = true;
    try {
      const live = await this.options.liveAmong(ids);
      const closed = this.#bySession.disconnect(ids.filter((id) => !live.has(id)));
      if (closed > 0) this.options.onClosed(closed);
      return closed;
    } catch (error) {
      // The sockets stay open until the next sweep: the database cannot say now, and their
      // reconnections would fail the same way. The absolute-expiry timers do not need it.
      this.options.onError(error);
      return 0;
    } finally {
      this.#sweeping = false;
    }
  }
}
