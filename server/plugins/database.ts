import fp from 'fastify-plugin';
import type pg from 'pg';

declare module 'fastify' {
  interface FastifyInstance {
    pg: pg.Pool;
  }
}

/** Shares the one pg pool; its owner (server.ts or a test) opens and closes it. */
export default fp<{ pool: pg.Pool }>(
  (app, options, done) => {
    app.decorate('pg', options.pool);
    done();
  },
  { name: 'database' },
);
