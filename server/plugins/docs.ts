import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** The OpenAPI document at /docs/json, generated from the routes' TypeBox schemas, and its UI. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Openbeat API',
          version: '1',
          description:
            'Live public-safety map: police incidents with generalised public locations. ' +
            'Public callers see approximate locations; dispatcher keys see exact ones.',
        },
        components: {
          securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'docs' },
);
