import { SESSION_DEFAULTS, type SessionOptions } from './sessions.service.js';
import { THROTTLE_DEFAULTS, type ThrottleOptions } from './sign-in-throttle.js';

/** People's accounts, as configured (server/config.ts reads them from the environment). */
export interface AccountOptions {
  sessions: SessionOptions;
  /** The session cookie's Secure flag (SESSION_COOKIE_SECURE; see session-cookie.ts). */
  secureCookie: boolean;
  /** Sign-in, sign-up and setup attempts per minute per address (SIGN_IN_PER_IP_PER_MINUTE). */
  signInPerIpPerMinute: number;
  /** Failed sign-ins per e-mail address before a lock-out, and its length. */
  throttle: ThrottleOptions;
  /** Second-factor codes tried per minute per account. */
  totpAttemptsPerMinute: number;
}

export const ACCOUNT_DEFAULTS: AccountOptions = {
  sessions: SESSION_DEFAULTS,
  secureCookie: true,
  signInPerIpPerMinute: 20,
  throttle: THROTTLE_DEFAULTS,
  totpAttemptsPerMinute: 10,
};

/** What a caller may override: any setting, and any part of the session and throttle settings. */
export type AccountOverrides = Partial<Omit<AccountOptions, 'sessions' | 'throttle'>> & {
  sessions?: Partial<SessionOptions>;
  throttle?: Partial<ThrottleOptions>;
};

export function accountOptions(overrides: AccountOverrides = {}): AccountOptions {
  return {
    ...ACCOUNT_DEFAULTS,
    ...overrides,
    sessions: { ...SESSION_DEFAULTS, ...overrides.sessions },
    throttle: { ...THROTTLE_DEFAULTS, ...overrides.throttle },
  };
}
