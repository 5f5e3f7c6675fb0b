import type { ValidateFunction } from 'ajv';
import { checkBbox } from '../../shared/geo/bbox.js';
import {
  HandshakeSchema,
  PROTOCOL_VERSION,
  SubscribeSchema,
  type Handshake,
  type Subscribe,
  type SubscribeAck,
} from '../../shared/realtime/protocol.js';
import { audienceOfRole } from '../../shared/layers/audiences.js';
import type { Role } from '../../shared/roles.js';
import type { SessionStore } from '../accounts/sessions.service.js';
import type { ApiKeyVerifier } from '../auth/api-keys.service.js';
import { sessionTokenOfCookieHeader } from '../accounts/session-cookie.js';
import { readSession } from '../accounts/session-principal.js';
import { createAjv } from '../validation/ajv.js';
import { describeValidation } from '../validation/validation-details.js';
import type { FanOut } from './fan-out.js';
import { SocketConnection, type StreamSocket } from './socket-io-transport.js';
import { TokenBucket } from './token-bucket.js';

const ajv = createAjv({ coerceTypes: false });
const validSubscribe: ValidateFunction<Subscribe> = ajv.compile<Subscribe>(SubscribeSchema);
const validHandshake: ValidateFunction<Handshake> = ajv.compile<Handshake>(HandshakeSchema);

export interface SocketData {
  role: Role;
  /** The API key the socket was opened with, so that its revocation closes the socket. */
  keyId?: string;
  /** The person whose session cookie opened it, so that revoking their sessions closes it. */
  userId?: string;
  /** The session that opened it, so that its end (expiry, idle, revocation) closes it. */
  sessionId?: string;
  /** When that session expires at the latest (ms since epoch). */
  sessionExpiresAt?: number;
  /** When the handshake checked the session (ms since epoch). */
  checkedAt?: number;
}

function refusal(error: string, message: string, data?: object): Error {
  return Object.assign(new Error(error), { data: { error, message, ...data } });
}

/**
 * The handshake: a compatible protocol, and the credentials the socket claims a role with: an
 * API key (`auth.token`) or the session cookie (the handshake's Cookie header), with the same
 * effective role as on HTTP. A key together with a live session is refused, as on HTTP.
 */
export function authenticateSocket(keys: ApiKeyVerifier, sessions: SessionStore) {
  return (socket: StreamSocket, next: (error?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth;
    if (!validHandshake(auth)) {
      next(refusal('invalid_request', 'The handshake needs { protocol, token?, anonymous? }'));
      return;
    }
    if (auth.protocol !== PROTOCOL_VERSION) {
      next(
        refusal('incompatible_protocol', `This server speaks protocol ${PROTOCOL_VERSION}`, {
          protocol: PROTOCOL_VERSION,
        }),
      );
      return;
    }
    const data = socket.data as SocketData;
    // An embed never sees a session, even where the browser sends the cookie along.
    const cookieToken =
      auth.anonymous === true
        ? undefined
        : sessionTokenOfCookieHeader(socket.handshake.headers.cookie);
    authenticate(keys, sessions, data, auth.token, cookieToken).then(next, () => {
      next(refusal('unavailable', 'The server cannot check credentials right now; try again'));
    });
  };
}

async function authenticate(
  keys: ApiKeyVerifier,
  sessions: SessionStore,
  data: SocketData,
  key: string | undefined,
  cookieToken: string | undefined,
): Promise<Error | undefined> {
  data.role = 'public';
  const checkedAt = Date.now();
  const reading = cookieToken === undefined ? null : await readSession(sessions, cookieToken);
  if (reading?.session) {
    if (key !== undefined) {
      return refusal('ambiguous_credentials', 'Send an API key or a session cookie, not both');
    }
    data.role = reading.session.role;
    data.userId = reading.session.userId;
    data.sessionId = reading.session.sessionId;
    data.sessionExpiresAt = reading.session.expiresAt;
    data.checkedAt = checkedAt;
    return undefined;
  }
  if (key === undefined) return undefined;
  const principal = await keys.verify(key);
  if (!principal) return refusal('unauthorized', 'The API key is not valid');
  data.role = principal.role;
  data.keyId = principal.keyId;
  return undefined;
}

function checkSubscription(payload: unknown): SubscribeAck | Subscribe {
  if (!validSubscribe(payload)) {
    return {
      ok: false,
      error: 'invalid_request',
      message: 'The subscription is not valid',
      details: describeValidation(validSubscribe.errors ?? [], 'subscribe'),
    };
  }
  const bbox = checkBbox(payload.bbox);
  if (!bbox.ok) return { ok: false, error: 'invalid_request', message: bbox.message };
  return payload;
}

/** socket.io passes the ack, when there is one, as the last argument, whatever came before. */
function lastFunction(args: unknown[]): ((reply: SubscribeAck) => void) | undefined {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as (reply: SubscribeAck) => void) : undefined;
}

/**
 * Every message a client can send, validated and answered through its ack. A message without
 * an ack function cannot be answered and is dropped; nothing a client sends may throw out of
 * here, since that would reach socket.io's event loop.
 */
export function handleSocket(socket: StreamSocket, fanOut: FanOut, log: (error: unknown) => void) {
  const audience = audienceOfRole((socket.data as SocketData).role);
  const connection = new SocketConnection(socket);
  const subscribes = new TokenBucket(20, 10);
  const on = socket.on.bind(socket) as (
    event: string,
    listener: (...args: unknown[]) => void,
  ) => void;

  on('subscribe', (...args) => {
    const answer = lastFunction(args);
    if (!answer) return;
    try {
      if (!subscribes.take()) {
        answer({ ok: false, error: 'rate_limited', message: 'Too many subscribes; slow down' });
        return;
      }
      if (args.length !== 2) {
        answer({
          ok: false,
          error: 'invalid_request',
          message: 'subscribe takes one subscription, then the ack',
          details: [{ path: 'subscribe /', message: `got ${args.length - 1} arguments` }],
        });
        return;
      }
      const checked = checkSubscription(args[0]);
      answer('ok' in checked ? checked : fanOut.subscribe(connection, audience, checked));
    } catch (error) {
      log(error);
      answer({ ok: false, error: 'internal_error', message: 'Something went wrong on our side' });
    }
  });

  on('unsubscribe', (...args) => {
    fanOut.unsubscribe(connection);
    lastFunction(args)?.({ ok: true, cursor: fanOut.cursor });
  });

  on('disconnect', () => {
    fanOut.unsubscribe(connection);
  });
}
