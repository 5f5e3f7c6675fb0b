import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../shared/roles.js';
import { ApiKeyVerifier } from '../auth/api-keys.service.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/**
 * Who a request comes from. `role` is what applies now: a person with a privileged account
 * role who has not passed the second factor in this session acts as a `resident`.
 */
export interface Principal {
  role: Role;
  via: 'none' | 'key' | 'session';
  keyId?: string;
  /** A signed-in person's account and session. */
  userId?: string;
  sessionId?: string;
  name?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Checks API keys; shared by HTTP requests and socket handshakes. */
    apiKeys: ApiKeyVerifier;
    /** A preHandler that lets only the given roles through (401 without credentials, else 403). */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
  }
}

const PUBLIC: Principal = { role: 'public', via: 'none' };
// The scheme is case-insensitive (RFC 9110, 11.1): "bearer" is "Bearer".
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/i;

/** Reads `Authorization: Bearer <api key>` on every request; no header means the public role. */
export default fp(
  (app, _options, done) => {
    const verifier = new ApiKeyVerifier(app.pg);
    app.decorate('apiKeys', verifier);
    app.decorateRequest('principal', null as unknown as Principal);

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (header === undefined) {
        request.principal = PUBLIC;
        return;
      }
      const key = BEARER.exec(header)?.[1];
      const found = key === undefined ? null : await verifier.verify(key);
      if (!found) throw new UnauthorizedError('The API key is not valid');
      request.principal = { ...found, via: 'key' };
    });

    app.decorate('requireRole', (...roles: Role[]) => {
      return async (request: FastifyRequest) => {
        const { role } = request.principal;
        if (roles.includes(role)) return;
        if (role === 'public') {
          throw new UnauthorizedError(`This needs an API key with the role ${roles.join(' or ')}`);
        }
        throw new ForbiddenError(`The role ${role} may not do this`);
      };
    });
    done();
  },
  { name: 'auth', dependencies: ['database'] },
);
