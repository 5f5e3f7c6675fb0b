import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/** Security headers on every response (helmet's defaults: CSP, no sniffing, HSTS, …). */
export default fp(
  async (app) => {
    await app.register(helmet, { global: true });
  },
  { name: 'security' },
);
