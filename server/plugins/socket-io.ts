import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { SOCKET_PATH } from '../../shared/realtime/constants.js';
import { createRealtime, type RealtimeOptions } from '../realtime/realtime.js';
import type { StreamServer } from '../realtime/socket-io-transport.js';

export type { RealtimeOptions };

declare module 'fastify' {
  interface FastifyInstance {
    io: StreamServer;
  }
}

/**
 * socket.io on the HTTP server's port, fed by this process's relay (server/realtime). Our own
 * small plugin: the third-party fastify-socket.io is unmaintained.
 */
export default fp<RealtimeOptions>(
  (app, options, done) => {
    const io: StreamServer = new Server(app.server, {
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
      // Long-polling from the pages of sites that may embed (a WebSocket needs no CORS). Never
      // with credentials: such a page only ever gets the public's stream (socket-origin.ts).
      cors: {
        origin: options.embedOrigins.includes('*') ? '*' : [...options.embedOrigins],
        credentials: false,
      },
    });
    const realtime = createRealtime(
      {
        io,
        pool: app.pg,
        commits: app.commits,
        keys: app.apiKeys,
        sessions: app.sessions,
        log: app.log,
      },
      options,
    );

    app.decorate('io', io);
    app.addHook('onReady', async () => {
      await realtime.start();
    });
    app.addHook('preClose', (hookDone) => {
      io.local.disconnectSockets(true);
      hookDone();
    });
    app.addHook('onClose', async () => {
      await realtime.stop();
      io.engine.close();
    });
    done();
  },
  { name: 'socket-io', dependencies: ['database', 'auth', 'commit-signal'] },
);
