import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const HealthSchema = Type.Object({ status: Type.String(), db: Type.String() });

/** Liveness with a database round trip: load balancers take a 503 as "send traffic elsewhere". */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      try {
        await app.pg.query({ text: 'SELECT 1', query_timeout: 2000 } as never);
        return { status: 'ok', db: 'ok' };
      } catch {
        return reply.code(503).send({ status: 'error', db: 'unavailable' });
      }
    },
  );
};

export default healthRoutes;
