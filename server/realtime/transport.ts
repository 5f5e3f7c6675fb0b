import type { Resync, StreamEvent } from '../../shared/realtime/protocol.js';

/**
 * One client's connection, as the fan-out sees it: what it needs to send, and to pace a replay
 * to the client's reading. socket-io-transport.ts adapts socket.io to it; the fan-out knows
 * nothing else of sockets.
 */
export interface StreamConnection {
  readonly id: string;
  readonly isOpen: boolean;
  /** Messages written to the connection that the client has not taken yet. */
  queuedMessages(): number;
  send(event: StreamEvent): void;
  resync(resync: Resync): void;
  /**
   * Resolves true once at most `limit` messages are queued; false when that takes longer than
   * `timeoutMs` or the connection closes first.
   */
  drained(limit: number, timeoutMs: number): Promise<boolean>;
}

export interface StreamTransport {
  /** Sends one event to several connections, serialised once for all of them. */
  broadcast(connectionIds: string[], event: StreamEvent): void;
}
