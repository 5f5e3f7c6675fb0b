import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../../shared/realtime/constants.js';
import type {
  ClientToServerEvents,
  Handshake,
  ServerToClientEvents,
} from '../../../shared/realtime/protocol.js';
import type { AlertNotification } from '../../../shared/schemas/alert.js';
import { closedByServer } from './live-stream.js';

type AlertSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A signed-in person's own socket on the live stream, for their alerts on every page of the
 * open app (the live map's stream only exists on the map). It subscribes to nothing: the server
 * sends `alert` to every socket of the person's session, found by the session cookie.
 */
export class AlertStream {
  readonly #socket: AlertSocket;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    onAlert: (notification: AlertNotification) => void,
    onConnected: (connected: boolean) => void = () => undefined,
  ) {
    const auth: Handshake = { protocol: PROTOCOL_VERSION };
    const socket: AlertSocket = io({
      path: SOCKET_PATH,
      auth,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: true,
    });
    this.#socket = socket;
    socket.on('alert', (notification) => {
      if (isNotification(notification)) onAlert(notification);
    });
    socket.on('connect', () => {
      onConnected(true);
    });
    socket.on('disconnect', (reason) => {
      onConnected(false);
      // As the live stream: socket.io retries by itself only after a transport failure.
      if (closedByServer(reason)) {
        this.#retry = setTimeout(() => socket.connect(), 1000 + Math.random() * 1000);
      }
    });
  }

  close(): void {
    clearTimeout(this.#retry);
    this.#socket.disconnect();
    this.#socket.off();
  }
}

/** Enough of the shape to show it: a message from a newer server is dropped, not thrown. */
function isNotification(value: unknown): value is AlertNotification {
  const candidate = value as Partial<AlertNotification> | null;
  return (
    typeof candidate?.id === 'string' &&
    typeof candidate.alertName === 'string' &&
    typeof candidate.incident?.id === 'string' &&
    typeof candidate.incident.category === 'string'
  );
}
