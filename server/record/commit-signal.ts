import { EventEmitter } from 'node:events';

/**
 * Tells this process's relays that events have just been committed. In the embedded database
 * NOTIFY does not cross connections, so this (and a short poll) is how a relay learns of new
 * events there; with a real PostgreSQL a relay relies on NOTIFY while its LISTEN connection is up.
 * One is made per application (buildApp) and passed to the record writer and the relay.
 */
export class CommitSignal {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  notify(): void {
    this.#emitter.emit('committed');
  }

  subscribe(listener: () => void): () => void {
    this.#emitter.on('committed', listener);
    return () => this.#emitter.off('committed', listener);
  }
}
