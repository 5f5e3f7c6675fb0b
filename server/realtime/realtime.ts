import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import {
  SESSION_REVOCATION_CHANNEL,
  SessionRevocationWatcher,
} from '../accounts/session-revocations.js';
import type { SessionStore } from '../accounts/sessions.service.js';
import type { ApiKeyVerifier } from '../auth/api-keys.service.js';
import { KEY_REVOCATION_CHANNEL, KeyRevocationWatcher } from '../auth/key-revocations.js';
import type { CommitSignal } from '../record/commit-signal.js';
import { databaseEventLog } from './event-log.js';
import { FanOut, type ReplaySource } from './fan-out.js';
import { KeySockets } from './key-sockets.js';
import { Relay } from './relay.js';
import { SessionSockets } from './session-sockets.js';
import { authenticateSocket, handleSocket, type SocketData } from './socket-handlers.js';
import { socketIoTransport, type StreamServer } from './socket-io-transport.js';
import { EmbedOrigins } from '../embed/embed-origins.js';
import { checkSocketOrigin } from './socket-origin.js';
import { userRoom } from './user-room.js';

export interface RealtimeOptions {
  /** Where the relay LISTENs; unset for the embedded database. */
  listenUrl: string | undefined;
  pollMs: number;
  maxBacklog: number;
  maxQueuedPackets: number;
  /** Origins besides the server's own whose pages may connect (SOCKET_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /**
   * The sites that may embed (EMBED_FRAME_ANCESTORS, ['*'] = any): their pages' handshakes are
   * let in as anonymous, whatever cookie or key they carry.
   */
  embedOrigins: readonly string[];
  /** How often the sessions of session sockets are checked for idle expiry (default 60 s). */
  sessionSweepMs: number;
}

export interface RealtimeContext {
  io: StreamServer;
  pool: pg.Pool;
  /** This process's commits, which wake its relay. */
  commits: CommitSignal;
  keys: ApiKeyVerifier;
  sessions: SessionStore;
  log: FastifyBaseLogger;
}

export interface Realtime {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const RELAY_BATCH = 500;

/**
 * The live stream of one process: a relay that tails the committed events, a fan-out that
 * sends them to the matching sockets, and the closing of the sockets of revoked keys.
 */
export function createRealtime(context: RealtimeContext, options: RealtimeOptions): Realtime {
  const { io, pool, commits, keys, sessions, log } = context;
  const events = databaseEventLog(pool);
  const source: ReplaySource = {
    get cursor(): number {
      return relay.cursor;
    },
    head: () => events.head(),
    read: (range) => events.read(range),
  };
  const fanOut = new FanOut(socketIoTransport(io), source, options);
  // A revoked key's sockets are closed in every process: the watcher reads the revocations,
  // woken with the relay (its NOTIFY connection and its poll) and by this process's own.
  const keySockets = new KeySockets();
  const revocations = new KeyRevocationWatcher(pool, {
    needed: () => !keySockets.isEmpty,
    onRevoked: (keyIds) => {
      const closed = keySockets.disconnect(keyIds);
      if (closed > 0) log.info({ keyIds, closed }, 'closed the sockets of revoked keys');
    },
    onError: (error) => {
      log.warn({ err: error }, 'could not read key revocations; will try again');
    },
  });
  // Likewise a person's sockets when their sessions are revoked (sign-out everywhere, new role).
  const userSockets = new KeySockets();
  const sessionRevocations = new SessionRevocationWatcher(pool, {
    onRevoked: (userIds) => {
      const closed = userSockets.disconnect(userIds);
      if (closed > 0) log.info({ closed }, 'closed the sockets of revoked sessions');
    },
    onError: (error) => {
      log.warn({ err: error }, 'could not read session revocations; will try again');
    },
  });
  // A session also ends by itself (idle, absolute expiry) with nothing announced: closed too.
  const sessionSockets = new SessionSockets({
    sweepMs: options.sessionSweepMs,
    liveAmong: (sessionIds) => sessions.liveAmong(sessionIds),
    onClosed: (closed) => {
      log.info({ closed }, 'closed the sockets of ended sessions');
    },
    onError: (error) => {
      log.warn({ err: error }, 'could not check the sessions of open sockets; will try again');
    },
  });
  const relay: Relay = new Relay(events, {
    listenUrl: options.listenUrl,
    commits,
    pollMs: options.pollMs,
    batchSize: RELAY_BATCH,
    demand: () => fanOut.demand(),
    onRows: (rows) => {
      fanOut.dispatch(rows);
    },
    onError: (error) => {
      log.warn({ err: error }, 'the relay could not read events; it will try again');
    },
    alsoListenTo: [KEY_REVOCATION_CHANNEL, SESSION_REVOCATION_CHANNEL],
    onWake: () => {
      revocations.wake();
      sessionRevocations.wake();
    },
  });

  io.use(checkSocketOrigin(options.allowedOrigins, new EmbedOrigins(options.embedOrigins)));
  io.use(authenticateSocket(keys, sessions));
  io.on('connection', (socket) => {
    const { keyId, userId, sessionId, sessionExpiresAt, checkedAt } = socket.data as SocketData;
    if (userId !== undefined && checkedAt !== undefined) {
      // Its session was checked before a revocation that the watcher has read since.
      if (sessionRevocations.revokedSince(userId, checkedAt)) {
        socket.disconnect(true);
        return;
      }
      userSockets.add(socket, userId);
      void socket.join(userRoom(userId));
    }
    if (sessionId !== undefined && sessionExpiresAt !== undefined) {
      if (!sessionSockets.add(socket, sessionId, sessionExpiresAt)) return;
    }
    if (keyId !== undefined) {
      // Its key was checked before a revocation that the watcher has read since.
      if (revocations.isRevoked(keyId)) {
        socket.disconnect(true);
        return;
      }
      keySockets.add(socket, keyId);
    }
    handleSocket(socket, fanOut, (error) => {
      log.error({ err: error }, 'a socket message failed');
    });
  });

  return {
    start: async () => {
      await revocations.start();
      await sessionRevocations.start();
      await relay.start();
      sessionSockets.start();
    },
    stop: async () => {
      sessionSockets.stop();
      await relay.stop();
      revocations.stop();
      sessionRevocations.stop();
    },
  };
}
