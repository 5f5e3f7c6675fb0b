import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AccountSessionSchema,
  TotpCodeSchema,
  TotpSetupSchema,
} from '../../shared/schemas/account.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import {
  InvalidCodeError,
  TooManyAttemptsError,
  TotpStateError,
  UnauthorizedError,
} from '../errors.js';
import { accountSessionView } from './account-view.js';
import type { NewSession } from './sessions.service.js';
import type { TotpCheckOutcome } from './totp.service.js';
import { TotpService } from './totp.service.js';
import { SignInThrottle, type ThrottleOptions } from './sign-in-throttle.js';

export interface TotpRouteOptions {
  /** Code attempts per minute per account: six digits must not be guessed by brute force. */
  totpAttemptsPerMinute: number;
  /** Wrong codes before a lock, and its length (as for passwords). */
  throttle: ThrottleOptions;
}

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  409: ErrorSchema,
  429: ErrorSchema,
};

function signedIn(request: FastifyRequest): { userId: string; sessionId: string } {
  const { via, userId, sessionId } = request.principal;
  if (via !== 'session' || !userId || !sessionId) throw new UnauthorizedError('Sign in first');
  return { userId, sessionId };
}

function settle(result: TotpCheckOutcome, reply: FastifyReply): NewSession {
  switch (result.outcome) {
    case 'passed':
      return result.session;
    case 'session_ended':
      throw new UnauthorizedError('Sign in first');
    case 'invalid':
      throw new InvalidCodeError();
    case 'locked':
      void reply.header('retry-after', String(result.retryAfterSeconds));
      throw new TooManyAttemptsError();
    case 'not_enrolled':
      throw new TotpStateError('Set up the authenticator app first');
    case 'already_enrolled':
      throw new TotpStateError('An authenticator app is already enrolled for this account');
  }
}

/** The second factor (TOTP) under /api/v1/account: set up, enrol, pass for this session. */
const totpRoutes: FastifyPluginAsyncTypebox<TotpRouteOptions> = async (app, options) => {
  const service = new TotpService(
    app.pg,
    app.sessions,
    new SignInThrottle(app.pg, options.throttle),
  );
  const limited = {
    rateLimit: {
      max: options.totpAttemptsPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (request: FastifyRequest) => request.principal.userId ?? request.ip,
    },
  };

  /** The renewed session: its cookie replaces the old one, and the answer has its CSRF token. */
  async function renewed(request: FastifyRequest, reply: FastifyReply, session: NewSession) {
    app.sessionCookie.set(reply, session.token);
    void reply.header('cache-control', 'no-store');
    return accountSessionView(request.principal, await app.sessions.resolve(session.token));
  }

  app.post(
    '/totp/setup',
    {
      config: limited,
      schema: {
        tags: ['account'],
        summary: 'A new TOTP secret to enrol in an authenticator app (shown once)',
        response: { 200: TotpSetupSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await service.setup(signedIn(request).userId);
      if (result.outcome !== 'ready') {
        throw new TotpStateError('An authenticator app is already enrolled for this account');
      }
      void reply.header('cache-control', 'no-store');
      return { uri: result.uri, secret: result.secret };
    },
  );

  app.post(
    '/totp/enrol',
    {
      config: limited,
      schema: {
        tags: ['account'],
        summary:
          'Confirm the enrolment with a code; the session is renewed, having passed the factor',
        body: TotpCodeSchema,
        response: { 200: AccountSessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { userId, sessionId } = signedIn(request);
      const session = settle(await service.enrol(userId, sessionId, request.body.code), reply);
      return renewed(request, reply, session);
    },
  );

  app.post(
    '/second-factor',
    {
      config: limited,
      schema: {
        tags: ['account'],
        summary: 'Pass the second factor with a code not used before; the session is renewed',
        body: TotpCodeSchema,
        response: { 200: AccountSessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { userId, sessionId } = signedIn(request);
      const session = settle(await service.pass(userId, sessionId, request.body.code), reply);
      return renewed(request, reply, session);
    },
  );
};

export default totpRoutes;
