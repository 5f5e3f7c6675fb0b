import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientConfigSchema, type ClientConfig } from '../../shared/schemas/client-config.js';

/** The settings the map client needs at start, so one build serves every deployment. */
const clientConfigRoutes: FastifyPluginAsyncTypebox<ClientConfig> = async (app, options) => {
  const config: ClientConfig = {
    basemapStyleUrl: options.basemapStyleUrl,
    basemapPmtilesUrl: options.basemapPmtilesUrl,
  };
  app.get(
    '/client-config.json',
    {
      schema: {
        tags: ['client'],
        summary: 'Settings for the map client',
        response: { 200: ClientConfigSchema },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-cache').send(config),
  );
};

export default clientConfigRoutes;
