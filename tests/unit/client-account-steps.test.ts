import { describe, expect, it } from 'vitest';
import type { AccountSession } from '../../shared/schemas/account.js';
import { ApiError } from '../../client/src/api/http.js';
import {
  ANONYMOUS,
  nextStepOf,
  normaliseCode,
  problemOf,
  safeNextPath,
  viewerOf,
} from '../../client/src/state/account-steps.js';

const ORIGIN = 'https://openbeat.example';

function session(change: Partial<AccountSession>): AccountSession {
  return { ...ANONYMOUS, ...change };
}

describe('signing in, step by step', () => {
  it('asks for the code, for enrolment, or nothing, as the session says', () => {
    expect(nextStepOf(session({ secondFactor: 'required' }))).toBe('code');
    expect(nextStepOf(session({ secondFactor: 'enrolment_required' }))).toBe('enrol');
    expect(nextStepOf(session({ secondFactor: 'passed' }))).toBe('done');
    expect(nextStepOf(session({ secondFactor: 'none' }))).toBe('done');
  });

  it('names each refusal by what was asked', () => {
    const refused = (status: number, code = 'x') => new ApiError(status, code, 'no');
    expect(problemOf(refused(401), 'password')).toBe('invalid');
    expect(problemOf(refused(401), 'code')).toBe('wrong_code');
    expect(problemOf(refused(400), 'code')).toBe('wrong_code');
    expect(problemOf(refused(429), 'password')).toBe('too_many');
    expect(problemOf(refused(423), 'password')).toBe('locked');
    expect(problemOf(refused(403, 'account_locked'), 'password')).toBe('locked');
    expect(problemOf(refused(429, 'too_many_attempts'), 'password')).toBe('locked');
    expect(problemOf(refused(409, 'email_taken'), 'sign_up')).toBe('taken');
    expect(problemOf(refused(400, 'invalid_setup_token'), 'sign_up')).toBe('expired_link');
    expect(problemOf(refused(400, 'invalid_code'), 'code')).toBe('wrong_code');
    expect(problemOf(refused(0, 'network'), 'password')).toBe('network');
    expect(problemOf(refused(500), 'password')).toBe('failed');
    expect(problemOf(new Error('boom'), 'password')).toBe('failed');
  });

  it('takes a code as apps show it, and nothing else', () => {
    expect(normaliseCode('123456')).toBe('123456');
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('123-456')).toBe('123456');
    for (const wrong of ['', '12345', '1234567', '12345a', '１２３４５６']) {
      expect(normaliseCode(wrong), wrong).toBeNull();
    }
  });
});

describe('where signing in leads', () => {
  it("goes back to the client's own page it came from", () => {
    expect(safeNextPath('/admin', ORIGIN)).toBe('/admin');
    expect(safeNextPath('/account?next=%2Fadmin', ORIGIN)).toBe('/account?next=%2Fadmin');
    expect(safeNextPath('/?incident=abc#14/49.28/-123.12', ORIGIN)).toBe(
      '/?incident=abc#14/49.28/-123.12',
    );
  });

  it('never to another site, a file, or the sign-in pages again (to the live map instead)', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/admin',
      '//evil.example/admin',
      '/\\evil.example',
      'javascript:alert(1)',
      '/api/v1/session',
      '/privacy.html',
      '/sign-in',
      '/sign-up?next=/admin',
      '/setup?token=x',
    ]) {
      expect(safeNextPath(next, ORIGIN), String(next)).toBe('/');
    }
  });
});

describe('who the map is shown to', () => {
  it('changes with the account and the role in force, not with the CSRF token', () => {
    expect(viewerOf(ANONYMOUS)).toBeUndefined();
    const resident = session({ via: 'session', userId: 'u1', role: 'resident' });
    const passed = { ...resident, role: 'dispatcher' as const, secondFactor: 'passed' as const };
    expect(viewerOf(resident)).not.toBe(viewerOf(passed));
    expect(viewerOf({ ...passed, csrfToken: 'other' })).toBe(viewerOf(passed));
    expect(viewerOf({ ...passed, userId: 'u2' })).not.toBe(viewerOf(passed));
  });
});
