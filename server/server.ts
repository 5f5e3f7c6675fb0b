import closeWithGrace from 'close-with-grace';
import { buildApp, LOG_REDACT_PATHS } from './app.js';
import { loadConfig } from './config.js';
import { startKeyAdminChannel, type KeyAdminChannel } from './auth/key-admin-channel.js';
import { keyAdminOn } from './auth/key-admin.js';
import { forgetOldSignIns, printSetupLinkIfNoAdmin } from './accounts/at-start.js';
import { openDatabase } from './db/database.js';
import { loadDemoIfFresh, startDemoSimulator } from './demo/start-demo.js';
import type { Simulator } from './demo/simulator.js';
import { startRetentionJob, type RetentionJob } from './erasure/retention-job.js';

/** Starts Openbeat: database (embedded unless DATABASE_URL is set), migrations, HTTP server. */
async function main() {
  const config = loadConfig();
  const logger = { level: config.logLevel, redact: LOG_REDACT_PATHS };
  const started = Date.now();
  const db = await openDatabase(config);
  const app = await buildApp(
    {
      pool: db.pool,
      writesPerMinute: config.writeRateLimitPerMinute,
      trustProxy: config.trustProxy,
      basemapStyleUrl: config.basemapStyleUrl,
      basemapExtraOrigins: config.basemapExtraOrigins,
      basemapPmtiles: config.basemapPmtiles,
      embedFrameAncestors: config.embedFrameAncestors,
      geocoder: config.geocoder,
      flagThreshold: config.flagThreshold,
      accountability: config.accountability,
      alerts: config.alerts,
      appeals: { tipWindowMs: config.appealTipWindowMinutes * 60_000 },
      observations: {
        perHour: config.observationsPerHour,
        proofOfWork: { cost: config.altchaCost },
      },
      open311: { apiKeys: config.open311ApiKeys },
      accounts: {
        sessions: {
          idleMs: config.accounts.sessionIdleMinutes * 60_000,
          absoluteMs: config.accounts.sessionAbsoluteHours * 3_600_000,
        },
        secureCookie: config.accounts.secureCookie,
        signInPerIpPerMinute: config.accounts.signInPerIpPerMinute,
      },
      realtime: {
        listenUrl: config.databaseUrl,
        pollMs: config.realtimePollMs,
        maxBacklog: config.realtimeMaxBacklog,
        maxQueuedPackets: config.realtimeMaxQueuedPackets,
        allowedOrigins: config.socketAllowedOrigins,
      },
    },
    logger,
  );
  app.log.info(
    {
      mode: db.mode,
      postgis: db.postgisVersion,
      migrations: db.appliedMigrations,
      dataDir: db.mode === 'embedded' ? config.dataDir : undefined,
    },
    `database ready (${db.mode}, PostGIS ${db.postgisVersion})`,
  );
  await loadDemoIfFresh(app.records, config, app.log);
  let simulator: Simulator | null = null;
  let retention: RetentionJob | null = null;
  // The embedded database is this process's alone: the key commands reach it through here.
  const keyAdminChannel: KeyAdminChannel | null =
    db.mode === 'embedded' ? await startKeyAdminChannel(config.dataDir, keyAdminOn(db.pool)) : null;
  app.addHook('onClose', async () => {
    await simulator?.stop();
    await retention?.stop();
    await keyAdminChannel?.close();
    await db.close();
  });

  // On SIGTERM/SIGINT: stop accepting, let requests in flight finish, close the pool and the
  // embedded database; after the delay, give up and exit non-zero.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Openbeat is listening on ${address} (ready in ${Date.now() - started} ms)`);
  simulator = await startDemoSimulator(app.records, config, app.log);
  retention = startRetentionJob(app.records, {
    retentionDays: config.observationRetentionDays,
    log: app.log,
  });
  // The start's last database work comes before the line that says it is running: a SIGTERM
  // right after that line would otherwise end the pool under it (exit 1, "could not start").
  await forgetOldSignIns(app.sessions, db.pool);
  await printSetupLinkIfNoAdmin(db.pool, address);
  console.log(`Openbeat is running at ${address.replace('127.0.0.1', 'localhost')}`);
}

main().catch((error: unknown) => {
  console.error(
    `Openbeat could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
