import fp from 'fastify-plugin';
import { AlertWorker } from '../alerts/alert-worker.js';
import { vapidKeyLoader, type VapidKeys } from '../alerts/vapid-keys.js';
import { connectedUsers, userRoom } from '../realtime/user-room.js';

export interface AlertOptions {
  /** How often the matcher and delivery look without being woken (default 1 s). */
  pollMs: number;
  /** The VAPID subject (RFC 8292): a mailto: or https: URL the push services can reach. */
  vapidSubject: string;
  /** Plain http and local push endpoints (tests only: a push service on this machine). */
  allowLocalPushEndpoints: boolean;
  /** The clock of quiet hours and due times (tests inject one). */
  now: () => Date;
  /** The wait before a failed push is tried again, doubled each time (default 30 s). */
  pushRetryBaseMs: number;
}

export const ALERT_DEFAULTS: AlertOptions = {
  pollMs: 1000,
  vapidSubject: 'mailto:alerts@openbeat.invalid',
  allowLocalPushEndpoints: false,
  now: () => new Date(),
  pushRetryBaseMs: 30_000,
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The VAPID key pair of Web Push, made at first start and kept (server_secrets). */
    vapidKeys: () => Promise<VapidKeys>;
    /** Wakes this process's alert matcher and delivery (tests, and after writes). */
    alertWorker: AlertWorker;
  }
}

/** Area alerts' machinery: the VAPID keys, and one matcher-and-delivery worker per process. */
export default fp<AlertOptions>(
  (app, options, done) => {
    const vapidKeys = vapidKeyLoader(app.pg);
    const worker = new AlertWorker(
      {
        pool: app.pg,
        commits: app.commits,
        vapidKeys,
        inApp: {
          connectedUsers: () => connectedUsers(app.io.of('/').adapter.rooms.keys()),
          emit: (userId, notification) => {
            app.io.to(userRoom(userId)).emit('alert', notification);
          },
        },
        onError: (error) => {
          app.log.warn({ err: error }, 'area alerts: matching or delivery failed; will try again');
        },
      },
      {
        pollMs: options.pollMs,
        batchSize: 200,
        now: options.now,
        push: {
          subject: options.vapidSubject,
          policy: { allowLocal: options.allowLocalPushEndpoints },
          ttlSeconds: 6 * 60 * 60,
          timeoutMs: 10_000,
          batchSize: 20,
          maxAttempts: 8,
          retryBaseMs: options.pushRetryBaseMs,
        },
      },
    );
    app.decorate('vapidKeys', vapidKeys);
    app.decorate('alertWorker', worker);
    app.addHook('onReady', (hookDone) => {
      // Made at first start, without holding the start up (as the audit key is).
      vapidKeys().catch((error: unknown) => {
        app.log.warn({ err: error }, 'the VAPID keys could not be read yet');
      });
      worker.start();
      hookDone();
    });
    app.addHook('onClose', async () => {
      await worker.stop();
    });
    done();
  },
  { name: 'alerts', dependencies: ['database', 'commit-signal', 'socket-io'] },
);
