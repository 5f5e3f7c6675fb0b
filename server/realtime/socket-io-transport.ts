import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  Resync,
  ServerToClientEvents,
  StreamEvent,
} from '../../shared/realtime/protocol.js';
import type { StreamConnection, StreamTransport } from './transport.js';

export type StreamSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export type StreamServer = Server<ClientToServerEvents, ServerToClientEvents>;

function queuedPackets(socket: StreamSocket): number {
  // engine.io keeps the packets it could not write yet here; its type marks it private.
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}

function drained(socket: StreamSocket, limit: number, timeoutMs: number): Promise<boolean> {
  if (queuedPackets(socket) <= limit) return Promise.resolve(true);
  return new Promise((resolve) => {
    const connection = socket.conn;
    const finish = () => {
      clearTimeout(timer);
      connection.off('drain', onDrain);
      connection.off('close', finish);
      resolve(queuedPackets(socket) <= limit && socket.connected);
    };
    const onDrain = () => {
      if (queuedPackets(socket) <= limit) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    connection.on('drain', onDrain);
    connection.on('close', finish);
  });
}

/** A socket as the fan-out's connection: one small object per socket, its methods shared. */
export class SocketConnection implements StreamConnection {
  constructor(private readonly socket: StreamSocket) {}

  get id(): string {
    return this.socket.id;
  }

  get isOpen(): boolean {
    return this.socket.connected;
  }

  queuedMessages(): number {
    return queuedPackets(this.socket);
  }

  send(event: StreamEvent): void {
    this.socket.emit('event', event);
  }

  resync(resync: Resync): void {
    this.socket.emit('resync', resync);
  }

  drained(limit: number, timeoutMs: number): Promise<boolean> {
    return drained(this.socket, limit, timeoutMs);
  }
}

/** Broadcasts through socket.io's rooms of socket ids, which encode a packet once for all. */
export function socketIoTransport(io: StreamServer): StreamTransport {
  return {
    broadcast: (connectionIds: string[], event: StreamEvent) => {
      io.to(connectionIds).emit('event', event);
    },
  };
}
