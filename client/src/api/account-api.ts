import type {
  AccountSession,
  AdminSetup,
  ApiKeyCreated,
  ApiKeySummary,
  SignIn,
  SignUp,
  UserSummary,
} from '../../../shared/schemas/account.js';
import type { KeyRole, PersonRole } from '../../../shared/roles.js';
import { jsonInit, request, type Credentials } from './http.js';

/** The account endpoints (server/accounts): the session cookie goes along by itself. */

export type { AccountSession, ApiKeySummary, UserSummary };

const ACCOUNT = '/api/v1/account';

/** GET /api/v1/session: who this browser is signed in as (role `public` when nobody). */
export function fetchAccountSession(): Promise<AccountSession> {
  return request<AccountSession>('/api/v1/session', { cache: 'no-store' });
}

export function signUp(body: SignUp, credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/sign-up`, jsonInit('POST', body), credentials);
}

export function signIn(body: SignIn, credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/sign-in`, jsonInit('POST', body), credentials);
}

/** The 6-digit code of the authenticator app, after the password. */
export function passSecondFactor(code: string, credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/second-factor`, jsonInit('POST', { code }), credentials);
}

export function signOut(credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/sign-out`, jsonInit('POST', {}), credentials);
}

/** Ends every session of the account, on every device. */
export function signOutEverywhere(credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/sign-out-everywhere`, jsonInit('POST', {}), credentials);
}

/** The first admin, from the one-time link the server printed at start. */
export function setUpFirstAdmin(body: AdminSetup, credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/setup`, jsonInit('POST', body), credentials);
}

export interface TotpSecret {
  /** otpauth://totp/… for the QR code. */
  uri: string;
  /** The same secret as text (base32), to type in by hand. */
  secret: string;
}

export function startTotpSetup(credentials: Credentials): Promise<TotpSecret> {
  return request<TotpSecret>(`${ACCOUNT}/totp/setup`, jsonInit('POST', {}), credentials);
}

export function enrolTotp(code: string, credentials: Credentials): Promise<unknown> {
  return request(`${ACCOUNT}/totp/enrol`, jsonInit('POST', { code }), credentials);
}

// The admin's page.

export function listUsers(): Promise<UserSummary[]> {
  return request<UserSummary[]>('/api/v1/admin/users', { cache: 'no-store' });
}

export function changeRole(
  userId: string,
  role: PersonRole,
  credentials: Credentials,
): Promise<unknown> {
  return request(
    `/api/v1/admin/users/${encodeURIComponent(userId)}/role`,
    jsonInit('POST', { role }),
    credentials,
  );
}

export function listKeys(): Promise<ApiKeySummary[]> {
  return request<ApiKeySummary[]>('/api/v1/admin/keys', { cache: 'no-store' });
}

/** The key itself comes back once, in this answer, and never again. */
export type CreatedKey = ApiKeyCreated;

export function createKey(
  body: { name: string; role: KeyRole },
  credentials: Credentials,
): Promise<CreatedKey> {
  return request<CreatedKey>('/api/v1/admin/keys', jsonInit('POST', body), credentials);
}

export function revokeKey(id: string, credentials: Credentials): Promise<unknown> {
  return request(
    `/api/v1/admin/keys/${encodeURIComponent(id)}`,
    jsonInit('DELETE', undefined),
    credentials,
  );
}
