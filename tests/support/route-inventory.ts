import fp from 'fastify-plugin';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { app as appPlugin, serverOptions, type AppOptions } from '../../server/app.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { TEST_PROOF_OF_WORK } from './observation-client.js';
import { createTestDatabase } from './test-database.js';
import type { TestApp } from './test-app.js';

/** One route the app registered: its method and its URL pattern (`/api/v1/incidents/:id`). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface InventoriedApp extends TestApp {
  /** Every route the app registered, as its onRoute hook saw them (HEAD included). */
  routes: RegisteredRoute[];
  adminKey: string;
}

/**
 * The whole application (server/app.ts's plugin, as buildApp registers it) on a fresh database,
 * with an onRoute hook added before it, so that a test knows every route there is. Limits that
 * would stop a matrix of many callers are raised (each has its own test); the proof of work
 * is cheap. Keys of each key role.
 */
export async function startInventoriedApp(
  options: Partial<Omit<AppOptions, 'pool'>> = {},
): Promise<InventoriedApp> {
  const db = await createTestDatabase();
  const routes: RegisteredRoute[] = [];
  const app: FastifyInstance = Fastify(
    serverOptions(false),
  ).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url });
  });
  await app.register(fp(appPlugin), {
    writesPerMinute: 100_000,
    realtime: { listenUrl: db.url },
    accounts: { signInPerIpPerMinute: 10_000 },
    observations: { perHour: 10_000, proofOfWork: TEST_PROOF_OF_WORK },
    appeals: { tipWindowMs: 10 * 60_000, tipsPerHour: 10_000 },
    ...options,
    pool: db.pool,
  });
  await app.ready();
  const keys = await Promise.all(
    (['dispatcher', 'moderator', 'admin'] as const).map((role) =>
      createApiKey(db.pool, { name: `matrix-${role}`, role }),
    ),
  );
  const [dispatcher, moderator, admin] = keys.map((created) => created.key);
  if (!dispatcher || !moderator || !admin) throw new Error('startInventoriedApp: keys');
  return {
    app,
    db,
    routes,
    dispatcherKey: dispatcher,
    moderatorKey: moderator,
    adminKey: admin,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
