import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AccountSessionSchema, SignInSchema, SignUpSchema } from '../../shared/schemas/account.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import {
  EmailTakenError,
  InvalidCredentialsError,
  TooManyAttemptsError,
  UnauthorizedError,
} from '../errors.js';
import { accountSessionView } from './account-view.js';
import { readSession } from './session-principal.js';
import { revokeUserSessions, type NewSession } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';
import { SignInThrottle, THROTTLE_DEFAULTS, type ThrottleOptions } from './sign-in-throttle.js';

export interface AccountRouteOptions {
  /** Sign-in and sign-up attempts per minute per address (IP), besides the per-e-mail lock-out. */
  signInPerIpPerMinute: number;
  throttle?: Partial<ThrottleOptions>;
}

const NoBody = Type.Unsafe<undefined>(Type.Null());
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema };

/**
 * Sign-up, sign-in and sign-out under /api/v1/account. Sign-in and sign-up skip the CSRF check
 * (there is no session yet) but are safe from login CSRF all the same: they accept only an
 * application/json body, which a cross-site form cannot send and a cross-site fetch can send only
 * after a CORS preflight that this server never grants.
 */
const accountRoutes: FastifyPluginAsyncTypebox<AccountRouteOptions> = async (app, options) => {
  const throttle = new SignInThrottle(app.pg, { ...THROTTLE_DEFAULTS, ...options.throttle });
  const service = new SignInService(app.pg, app.sessions, throttle);
  const perIp = {
    csrfExempt: true,
    rateLimit: { max: options.signInPerIpPerMinute, timeWindow: '1 minute' },
  };

  /** Starts the new session: its cookie on the reply, its state in the body. */
  async function startSession(reply: FastifyReply, session: NewSession) {
    app.sessionCookie.set(reply, session.token);
    void reply.header('cache-control', 'no-store');
    const reading = await readSession(app.sessions, session.token);
    return accountSessionView(reading.principal, reading.session);
  }

  app.post(
    '/sign-up',
    {
      config: perIp,
      schema: {
        tags: ['account'],
        summary: 'Create a resident account and sign in',
        body: SignUpSchema,
        response: { 201: AccountSessionSchema, 409: ErrorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await service.signUp(request.body);
      if (result.outcome === 'email_taken') throw new EmailTakenError();
      return reply.code(201).send(await startSession(reply, result.session));
    },
  );

  app.post(
    '/sign-in',
    {
      config: perIp,
      schema: {
        tags: ['account'],
        summary: 'Sign in with e-mail and password; privileged roles then pass the second factor',
        body: SignInSchema,
        response: { 200: AccountSessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await service.signIn(request.body);
      if (result.outcome === 'locked') {
        void reply.header('retry-after', String(result.retryAfterSeconds));
        throw new TooManyAttemptsError();
      }
      if (result.outcome === 'invalid') throw new InvalidCredentialsError();
      return startSession(reply, result.session);
    },
  );

  app.post(
    '/sign-out',
    {
      schema: {
        tags: ['account'],
        summary: 'End this session',
        response: { 204: NoBody, ...errors },
      },
    },
    async (request, reply) => {
      const { sessionId } = request.principal;
      if (request.principal.via === 'session' && sessionId) await app.sessions.revoke(sessionId);
      app.sessionCookie.clear(reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/sign-out-everywhere',
    {
      schema: {
        tags: ['account'],
        summary: 'End every session of this account and close its live connections',
        response: { 204: NoBody, ...errors },
      },
    },
    async (request, reply) => {
      const { userId } = request.principal;
      if (request.principal.via !== 'session' || !userId) {
        throw new UnauthorizedError('Sign in first');
      }
      await revokeUserSessions(app.pg, userId);
      app.sessionCookie.clear(reply);
      return reply.code(204).send();
    },
  );
};

export default accountRoutes;
