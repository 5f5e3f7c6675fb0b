import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from 'typebox';

const HealthSchema = Type.Object({ status: Type.String(), db: Type.String() });

const DATABASE_ANSWER_WITHIN_MS = 2000;

/** Liveness with a database round trip: load balancers take a 503 as "send traffic elsewhere". */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      const timeout = new AbortController();
      const answered = await Promise.race([
        app.pg.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        sleep(DATABASE_ANSWER_WITHIN_MS, false, { signal: timeout.signal }).catch(() => false),
      ]);
      timeout.abort();
      if (answered) return { status: 'ok', db: 'ok' };
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ status: 'error', db: 'unavailable' });
    },
  );
};

export default healthRoutes;
