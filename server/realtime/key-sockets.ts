import type { StreamSocket } from './socket-io-transport.js';

/** The open sockets of this process by the credential that opened them: an API key, a person. */
export class KeySockets {
  readonly #byKey = new Map<string, Set<StreamSocket>>();

  get isEmpty(): boolean {
    return this.#byKey.size === 0;
  }

  /** The ids that have open sockets now. */
  get ids(): string[] {
    return [...this.#byKey.keys()];
  }

  add(socket: StreamSocket, keyId: string): void {
    const sockets = this.#byKey.get(keyId) ?? new Set<StreamSocket>();
    sockets.add(socket);
    this.#byKey.set(keyId, sockets);
    socket.once('disconnect', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.#byKey.get(keyId) === sockets) this.#byKey.delete(keyId);
    });
  }

  /** Closes every socket opened with one of `keyIds`; a revoked key's client may not reconnect. */
  disconnect(keyIds: Iterable<string>): number {
    let closed = 0;
    for (const keyId of keyIds) {
      for (const socket of this.#byKey.get(keyId) ?? []) {
        socket.disconnect(true);
        closed += 1;
      }
    }
    return closed;
  }
}
