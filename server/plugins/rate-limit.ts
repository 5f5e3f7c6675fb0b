import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Route options that rate-limit a write per API key or account (per address without either). */
    writeRateLimit: {
      max: number;
      timeWindow: string;
      keyGenerator(request: FastifyRequest): string;
    };
  }
}

/** Limits are opt-in per route: writes and the 404 handler; reads are left to caches. */
export default fp<{ writesPerMinute: number }>(
  async (app, options) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => ({
        statusCode: context.statusCode,
        error: 'rate_limited',
        message: `Too many requests: at most ${context.max} per ${context.after}; try again later`,
      }),
    });
    app.decorate('writeRateLimit', {
      max: options.writesPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (request: FastifyRequest) =>
        request.principal.keyId ?? request.principal.userId ?? request.ip,
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
