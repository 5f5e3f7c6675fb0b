import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import accountabilityRoutes from './accountability/accountability.routes.js';
import alertRoutes from './alerts/alerts.routes.js';
import pushRoutes from './alerts/push.routes.js';
import appealClock from './appeals/appeal-clock.js';
import appealRoutes from './appeals/appeals.routes.js';
import tipRoutes from './appeals/tips.routes.js';
import auditKeyRoutes from './audit/audit-key.routes.js';
import auditRoutes from './audit/audit.routes.js';
import proofRoutes from './audit/proofs.routes.js';
import pmtilesRoutes, { BASEMAP_PMTILES_PATH } from './basemap/pmtiles.routes.js';
import clientAppRoutes from './client-app/client-app.routes.js';
import clientConfigRoutes from './client-app/client-config.routes.js';
import districtRoutes from './districts/districts.routes.js';
import embedPagesRoutes from './embed/embed-pages.routes.js';
import oembedRoutes from './embed/oembed.routes.js';
import erasureRoutes from './erasure/erasure.routes.js';
import exportRoutes from './export/export.routes.js';
import healthRoutes from './health/health.routes.js';
import incidentRoutes from './incidents/incidents.routes.js';
import flagRoutes from './moderation/flags.routes.js';
import feedbackRoutes from './feedback/feedback.routes.js';
import moderationRoutes from './moderation/moderation.routes.js';
import challengeRoutes from './observations/challenge.routes.js';
import observationRoutes from './observations/observations.routes.js';
import open311Routes from './open311/open311.routes.js';
import feedRoutes from './feeds/feeds.routes.js';
import type { ProofOfWorkOptions } from './observations/proof-of-work.js';
import {
  DEFAULT_RESPONSE_TARGETS,
  type AccountabilitySettings,
  type GeocoderOptions,
} from './config.js';
import placesRoutes from './places/places.routes.js';
import { INCIDENT_FOLLOWERS } from './incident-followers.js';
import responseRoutes from './responses/responses.routes.js';
import accountRoutes from './accounts/account.routes.js';
import { accountOptions, type AccountOverrides } from './accounts/account-options.js';
import setupRoutes from './accounts/setup.routes.js';
import totpRoutes from './accounts/totp.routes.js';
import adminRoutes from './admin/admin.routes.js';
import alerts, { ALERT_DEFAULTS, type AlertOptions } from './plugins/alerts.js';
import auditSigning from './plugins/audit-signing.js';
import auth from './plugins/auth.js';
import cacheControl from './plugins/cache-control.js';
import commitSignal from './plugins/commit-signal.js';
import database from './plugins/database.js';
import embedCors from './plugins/embed-cors.js';
import docs from './plugins/docs.js';
import errors from './plugins/errors.js';
import proofOfWork from './plugins/proof-of-work.js';
import rateLimit from './plugins/rate-limit.js';
import record from './plugins/record.js';
import security from './plugins/security.js';
import sessionRoutes from './session/session.routes.js';
import socketIo, { type RealtimeOptions } from './plugins/socket-io.js';
import summaryRoutes from './summary/summary.routes.js';
import tileRoutes from './tiles/tiles.routes.js';
import validation from './plugins/validation.js';

export interface AppOptions {
  pool: pg.Pool;
  writesPerMinute: number;
  realtime?: Partial<RealtimeOptions>;
  /** Trust X-Forwarded-For (behind a load balancer), so rate limits see the real client. */
  trustProxy?: boolean;
  /** A hosted MapLibre style for the map client; null (the default) = the offline basemap. */
  basemapStyleUrl?: string | null;
  /** Other origins the hosted style fetches tiles, glyphs or sprites from. */
  basemapExtraOrigins?: string[];
  /** Who may frame the embeds (`frame-ancestors` sources); default ['*'], any site. */
  embedFrameAncestors?: string[];
  /** A PMTiles archive this server serves as the basemap; null (the default) = none. */
  basemapPmtiles?: string | null;
  /** Where the built map client is; defaults to client/dist. */
  clientDistDir?: string;
  /** Place search: an address search besides the local places; null (the default) = none. */
  geocoder?: GeocoderOptions | null;
  /** Appeals: the window public tip counts move in (default 10 minutes), how often to recount. */
  appeals?: { tipWindowMs: number; recountMs?: number; tipsPerHour?: number };
  /** Flags from different people that hide an observation pending review (default 3). */
  flagThreshold?: number;
  /** People's accounts: session lifetimes, the cookie, sign-in limits (defaults in account-options.ts). */
  accounts?: AccountOverrides;
  /** Citizen observations: reports per reporter (account, device, address) per hour; PoW cost. */
  observations?: { perHour?: number; proofOfWork?: Partial<ProofOfWorkOptions> };
  /** Open311 GeoReport v2: the api_keys POST requests needs (none: not required). */
  open311?: { apiKeys?: string[] };
  /** Accountability statistics: k (default 5) and time-to-scene targets per priority. */
  accountability?: Partial<AccountabilitySettings>;
  /** Area alerts: the matcher's poll, the VAPID subject, the clock, local push endpoints. */
  alerts?: Partial<AlertOptions>;
}

const REALTIME_DEFAULTS: RealtimeOptions = {
  listenUrl: undefined,
  pollMs: 250,
  maxBacklog: 10_000,
  maxQueuedPackets: 1_000,
  allowedOrigins: [],
  embedOrigins: ['*'],
  sessionSweepMs: 60_000,
};

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify's options: the body limit, request ids, and logs that hold no keys or locations. */
export function serverOptions(
  logger: FastifyServerOptions['logger'],
  trustProxy = false,
): FastifyServerOptions {
  return {
    logger,
    trustProxy,
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  };
}

/** The log settings: pino never sees request bodies; these paths would carry secrets or places. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'err.detail',
  'err.where',
  'err.parameters',
];

/** The whole application as a plugin: server.ts starts it, tests inject into it. */
export async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  fastify.removeContentTypeParser('text/plain');
  await fastify.register(validation);
  await fastify.register(database, { pool: options.pool });
  await fastify.register(commitSignal);
  await fastify.register(record);
  await fastify.register(auditSigning);
  await fastify.register(security, {
    basemapStyleUrl: options.basemapStyleUrl ?? null,
    basemapExtraOrigins: options.basemapExtraOrigins ?? [],
    embedFrameAncestors: options.embedFrameAncestors ?? ['*'],
  });
  await fastify.register(embedCors, { embedFrameAncestors: options.embedFrameAncestors ?? ['*'] });
  const accounts = accountOptions(options.accounts);
  await fastify.register(auth, {
    sessions: accounts.sessions,
    secureCookie: accounts.secureCookie,
  });
  await fastify.register(cacheControl);
  await fastify.register(rateLimit, { writesPerMinute: options.writesPerMinute });
  await fastify.register(errors);
  await fastify.register(docs);
  await fastify.register(socketIo, {
    ...REALTIME_DEFAULTS,
    embedOrigins: options.embedFrameAncestors ?? ['*'],
    ...options.realtime,
  });
  const alertOptions = { ...ALERT_DEFAULTS, ...options.alerts };
  await fastify.register(alerts, alertOptions);
  await fastify.register(healthRoutes);
  await fastify.register(clientAppRoutes, { distDir: options.clientDistDir });
  await fastify.register(embedPagesRoutes, { distDir: options.clientDistDir });
  await fastify.register(oembedRoutes);
  await fastify.register(clientConfigRoutes, {
    basemapStyleUrl: options.basemapStyleUrl ?? null,
    basemapPmtilesUrl: options.basemapPmtiles ? BASEMAP_PMTILES_PATH : null,
  });
  if (options.basemapPmtiles) {
    await fastify.register(pmtilesRoutes, { file: options.basemapPmtiles });
  }
  await fastify.register(incidentRoutes, {
    prefix: '/api/v1/incidents',
    followers: INCIDENT_FOLLOWERS,
  });
  await fastify.register(summaryRoutes, { prefix: '/api/v1/incidents/summary' });
  await fastify.register(auditRoutes, { prefix: '/api/v1/audit' });
  await fastify.register(proofRoutes, { prefix: '/api/v1/audit/proof' });
  await fastify.register(auditKeyRoutes);
  await fastify.register(sessionRoutes, { prefix: '/api/v1/session' });
  await fastify.register(accountRoutes, { prefix: '/api/v1/account', ...accounts });
  await fastify.register(totpRoutes, { prefix: '/api/v1/account', ...accounts });
  await fastify.register(setupRoutes, { prefix: '/api/v1/account', ...accounts });
  await fastify.register(adminRoutes, { prefix: '/api/v1/admin' });
  await fastify.register(exportRoutes, { prefix: '/api/v1/export' });
  await fastify.register(placesRoutes, {
    prefix: '/api/v1/places',
    geocoder: options.geocoder ?? null,
  });
  await fastify.register(tileRoutes, { prefix: '/tiles' });
  await fastify.register(districtRoutes, { prefix: '/api/v1/districts' });
  await fastify.register(proofOfWork, options.observations?.proofOfWork ?? {});
  await fastify.register(challengeRoutes, { prefix: '/api/v1/challenge' });
  await fastify.register(observationRoutes, {
    prefix: '/api/v1/observations',
    limit: { max: options.observations?.perHour ?? 5, windowMs: 60 * 60 * 1000 },
  });
  await fastify.register(open311Routes, {
    prefix: '/open311/v2',
    apiKeys: options.open311?.apiKeys ?? [],
    limit: { max: options.observations?.perHour ?? 5, windowMs: 60 * 60 * 1000 },
  });
  await fastify.register(feedRoutes, { prefix: '/feeds' });
  await fastify.register(moderationRoutes, { prefix: '/api/v1/moderation' });
  await fastify.register(feedbackRoutes, { prefix: '/api/v1' });
  await fastify.register(flagRoutes, { prefix: '/api/v1', threshold: options.flagThreshold ?? 3 });
  await fastify.register(erasureRoutes, { prefix: '/api/v1' });
  await fastify.register(appealRoutes, { prefix: '/api/v1' });
  await fastify.register(responseRoutes, { prefix: '/api/v1' });
  await fastify.register(tipRoutes, {
    prefix: '/api/v1',
    limit: { max: options.appeals?.tipsPerHour ?? 10, windowMs: 60 * 60 * 1000 },
  });
  await fastify.register(accountabilityRoutes, {
    prefix: '/api/v1',
    options: {
      k: options.accountability?.k ?? 5,
      targets: { ...DEFAULT_RESPONSE_TARGETS, ...options.accountability?.targets },
    },
  });
  await fastify.register(alertRoutes, { prefix: '/api/v1/alerts' });
  await fastify.register(pushRoutes, {
    prefix: '/api/v1/alerts',
    policy: { allowLocal: alertOptions.allowLocalPushEndpoints },
  });
  await fastify.register(appealClock, options.appeals ?? { tipWindowMs: 10 * 60_000 });
}

export async function buildApp(
  options: AppOptions,
  logger: FastifyServerOptions['logger'] = false,
): Promise<FastifyInstance> {
  const fastify = Fastify(
    serverOptions(logger, options.trustProxy),
  ).withTypeProvider<TypeBoxTypeProvider>();
  // Once closing, answers end their connection: a keep-alive socket that was busy when close
  // began is not reaped as idle, and would hold close() open until the client drops it.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  // The response carries the request id so a person can quote it when reporting a problem.
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
  });
  // Not encapsulated: the decorators of its plugins (pg, io, …) are the instance's own.
  await fastify.register(fp(app), options);
  return fastify;
}
