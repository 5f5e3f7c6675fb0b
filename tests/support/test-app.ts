import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  dispatcherKey: string;
  moderatorKey: string;
  close(): Promise<void>;
}

/** The whole app on a fresh database of its own, with a dispatcher and a moderator key. */
export async function startTestApp(
  options: Partial<Omit<AppOptions, 'pool'>> = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await buildApp({
    ...options,
    pool: db.pool,
    writesPerMinute: options.writesPerMinute ?? 100_000,
    realtime: { listenUrl: db.url, ...options.realtime },
    // Tests sign many people in from one address; the per-address limit has its own test.
    accounts: { signInPerIpPerMinute: 10_000, ...options.accounts },
  });
  const dispatcher = await createApiKey(db.pool, { name: 'test-cad', role: 'dispatcher' });
  const moderator = await createApiKey(db.pool, { name: 'test-moderator', role: 'moderator' });
  return {
    app,
    db,
    dispatcherKey: dispatcher.key,
    moderatorKey: moderator.key,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** Listens on a free loopback port (sockets need a real one) and returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  return t.app.listen({ port: 0, host: '127.0.0.1' });
}

export function bearer(key: string) {
  return { authorization: `Bearer ${key}` };
}
