import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { SOCKET_PATH } from '../../shared/realtime/protocol.js';
import { readChainHead, readEventsForRelay } from '../audit/events.service.js';
import { KEY_REVOCATION_CHANNEL, KeyRevocationWatcher } from '../auth/key-revocations.js';
import { FanOut, type StreamServer } from '../realtime/fan-out.js';
import { KeySockets } from '../realtime/key-sockets.js';
import { Relay } from '../realtime/relay.js';
import { authenticateSocket, handleSocket, type SocketData } from '../realtime/socket-handlers.js';
import { checkSocketOrigin } from '../realtime/socket-origin.js';
import type { RelayRow } from '../realtime/stream-events.js';

export interface RealtimeOptions {
  /** Where the relay LISTENs; unset for the embedded database. */
  listenUrl: string | undefined;
  pollMs: number;
  maxBacklog: number;
  maxQueuedPackets: number;
  /** Origins besides the server's own whose pages may connect (SOCKET_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    io: StreamServer;
  }
}

/**
 * socket.io on the HTTP server's port, fed by this process's relay. Our own small plugin: the
 * third-party fastify-socket.io is unmaintained.
 */
export default fp<RealtimeOptions>(
  (app, options, done) => {
    const io: StreamServer = new Server(app.server, {
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
    });
    const source = {
      get cursor(): number {
        return relay.cursor;
      },
      read: (after: number, upTo: number, limit: number, withPrivate: boolean) =>
        readEventsForRelay<RelayRow>(app.pg, { after, upTo, limit, withPrivate }),
      head: async () => (await readChainHead(app.pg)).id,
    };
    const fanOut: FanOut = new FanOut(io, source, options);
    // A revoked key's sockets are closed in every process: the watcher reads the revocations,
    // woken with the relay (its NOTIFY connection and its poll) and by this process's own.
    const keySockets = new KeySockets();
    const revocations = new KeyRevocationWatcher(app.pg, {
      needed: () => !keySockets.isEmpty,
      onRevoked: (keyIds) => {
        const closed = keySockets.disconnect(keyIds);
        if (closed > 0) app.log.info({ keyIds, closed }, 'closed the sockets of revoked keys');
      },
      onError: (error) => {
        app.log.warn({ err: error }, 'could not read key revocations; will try again');
      },
    });
    const relay: Relay = new Relay(app.pg, {
      listenUrl: options.listenUrl,
      pollMs: options.pollMs,
      batchSize: 500,
      demand: () => fanOut.demand(),
      onRows: (rows) => {
        fanOut.dispatch(rows);
      },
      onError: (error) => {
        app.log.warn({ err: error }, 'the relay could not read events; it will try again');
      },
      alsoListenTo: [KEY_REVOCATION_CHANNEL],
      onWake: () => {
        revocations.wake();
      },
    });

    io.use(checkSocketOrigin(options.allowedOrigins));
    io.use(authenticateSocket(app.apiKeys));
    io.on('connection', (socket) => {
      const { keyId } = socket.data as SocketData;
      if (keyId !== undefined) {
        // Its key was checked before a revocation that the watcher has read since.
        if (revocations.isRevoked(keyId)) {
          socket.disconnect(true);
          return;
        }
        keySockets.add(socket, keyId);
      }
      handleSocket(socket, fanOut, (error) => {
        app.log.error({ err: error }, 'a socket message failed');
      });
    });

    app.decorate('io', io);
    app.addHook('onReady', async () => {
      await revocations.start();
      await relay.start();
    });
    app.addHook('preClose', (hookDone) => {
      io.local.disconnectSockets(true);
      hookDone();
    });
    app.addHook('onClose', async () => {
      await relay.stop();
      revocations.stop();
      io.engine.close();
    });
    done();
  },
  { name: 'socket-io', dependencies: ['database', 'auth'] },
);
