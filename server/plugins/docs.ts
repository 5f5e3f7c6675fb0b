import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** Swagger UI's own CSP (it replaces the app's on /docs): it sets inline styles as it renders. */
const DOCS_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

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
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  },
  { name: 'docs' },
);
