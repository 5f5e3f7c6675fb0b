import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../../shared/realtime/constants.js';
import type { Bbox } from '../../../shared/geo/bbox.js';
import type {
  ClientToServerEvents,
  Handshake,
  ServerToClientEvents,
} from '../../../shared/realtime/protocol.js';

/** Events come in bursts (a timeline's steps, a rating and its edit): one refetch per burst. */
export const STATS_REFRESH_DEBOUNCE_MS = 2000;

/**
 * Keeps the panel live, as the app's accountability view does (views/accountability/
 * live-refresh.ts) with less: an anonymous public socket subscribed to the district's bbox,
 * and `refresh` once a burst of incidents, responses or ratings has settled, or after a resync
 * (events may have been missed). The figures are refetched, never computed from events: the
 * server alone decides what is withheld. Nothing resumes by event id: a refetch after a
 * reconnect covers whatever was missed.
 */
export class StatsLive {
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connectedBefore = false;

  constructor(bbox: Bbox, refresh: () => void) {
    const later = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(refresh, STATS_REFRESH_DEBOUNCE_MS);
    };
    const auth: Handshake = { protocol: PROTOCOL_VERSION, anonymous: true };
    this.#socket = io({
      path: SOCKET_PATH,
      auth,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      // No cookie, on long-polling either: the embed is public whoever looks at it.
      withCredentials: false,
    });
    this.#socket.on('connect', () => {
      this.#socket.emit(
        'subscribe',
        { bbox, layers: ['incidents', 'responses', 'feedback'] },
        () => {
          // The ack's cursor is not needed: nothing resumes by event id here.
        },
      );
      if (this.#connectedBefore) later();
      this.#connectedBefore = true;
    });
    this.#socket.on('event', later);
    this.#socket.on('resync', later);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#socket.off();
    this.#socket.disconnect();
  }
}
