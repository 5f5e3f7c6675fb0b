import { EventEmitter } from 'node:events';

/**
 * Tells this process's relays that it has just committed events. In the embedded database
 * NOTIFY does not cross connections, so this (and a short poll) is how a relay learns of new
 * events there; with a real PostgreSQL a relay relies on NOTIFY while its LISTEN connection is up.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export function signalEventsCommitted(): void {
  signal.emit('committed');
}

export function onEventsCommitted(listener: () => void): () => void {
  signal.on('committed', listener);
  return () => signal.off('committed', listener);
}
