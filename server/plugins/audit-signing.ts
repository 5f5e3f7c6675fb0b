import fp from 'fastify-plugin';
import type { SigningKey } from '../audit/head-signature.js';
import { signingKeyLoader } from '../audit/signed-head.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Ed25519 key that signs audit heads, kept in the database (server_secrets). */
    auditSigningKey: () => Promise<SigningKey>;
  }
}

export default fp(
  async (app) => {
    const load = signingKeyLoader(app.pg);
    app.decorate('auditSigningKey', load);
    // Made at first start, without holding the start up: a database that is down now is
    // tried again on the first request that needs the key.
    app.addHook('onReady', (done) => {
      load().catch((error: unknown) => {
        app.log.warn({ err: error }, 'the audit signing key could not be read yet');
      });
      done();
    });
  },
  { name: 'audit-signing', dependencies: ['database'] },
);
