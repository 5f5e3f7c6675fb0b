import {
  fetchAccountSession,
  passSecondFactor,
  signIn,
  signOut,
  signOutEverywhere,
  type AccountSession,
} from '../api/account-api.js';
import type { Credentials } from '../api/http.js';
import {
  ANONYMOUS,
  nextStepOf,
  normaliseCode,
  problemOf,
  viewerOf,
  type AccountProblem,
  type NextStep,
} from './account-steps.js';

/** What a new account is made of, as typed (sign-up, and the first admin's setup). */
export interface NewAccount {
  email: string;
  displayName: string;
  password: string;
}

export type SignInResult = { ok: true; next: NextStep } | { ok: false; problem: AccountProblem };

/**
 * Who this browser is signed in as: follows GET /api/v1/session, whose answer comes from the
 * HTTP-only session cookie (the page never holds a password or key). One for the whole app, so
 * every page's header and the live map agree.
 */
export class AccountState {
  current = $state<AccountSession>(ANONYMOUS);
  /** False until the first answer (or failure): pages wait before deciding who may see them. */
  loaded = $state(false);
  #loading: Promise<void> | null = null;

  get role(): AccountSession['role'] {
    return this.current.role;
  }
  get name(): string | null {
    return this.current.name ?? this.current.email;
  }
  /** A person signed in (whatever their role, even before the second factor). */
  get signedIn(): boolean {
    return this.current.via === 'session';
  }
  /** The dispatcher's powers apply now (the second factor passed). */
  get isDispatcher(): boolean {
    return this.current.role === 'dispatcher';
  }
  get isAdmin(): boolean {
    return this.current.role === 'admin';
  }
  get nextStep(): NextStep {
    return nextStepOf(this.current);
  }
  /** What the map shows changes with it (account-steps.ts viewerOf). */
  get viewer(): string | undefined {
    return viewerOf(this.current);
  }
  /** For writes: the cookie goes along by itself, the CSRF token in a header. */
  get credentials(): Credentials {
    return { csrfToken: this.current.csrfToken };
  }

  /** The first load, shared by everyone who asks before it is done. */
  ready(): Promise<void> {
    this.#loading ??= this.refresh();
    return this.#loading;
  }

  async refresh(): Promise<void> {
    try {
      this.current = await fetchAccountSession();
    } catch {
      this.current = ANONYMOUS; // no server: nobody is signed in
    } finally {
      this.loaded = true;
    }
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    return this.#attempt(
      () => signIn({ email: email.trim(), password }, this.credentials),
      'password',
    );
  }

  /**
   * Creates an account with what was typed, then signs it in unless the server did so itself:
   * null then, else the sign-in's result. A refusal of `create` is thrown, for the page to word.
   */
  async open(
    typed: NewAccount,
    create: (
      body: { email: string; password: string; displayName?: string },
      credentials: Credentials,
    ) => Promise<unknown>,
  ): Promise<SignInResult | null> {
    await this.ready();
    const name = typed.displayName.trim();
    await create(
      { email: typed.email.trim(), password: typed.password, ...(name && { displayName: name }) },
      this.credentials,
    );
    await this.refresh();
    return this.signedIn ? null : this.signIn(typed.email, typed.password);
  }

  async passSecondFactor(typed: string): Promise<SignInResult> {
    const code = normaliseCode(typed);
    if (code === null) return { ok: false, problem: 'wrong_code' };
    return this.#attempt(() => passSecondFactor(code, this.credentials), 'code');
  }

  async signOut(everywhere = false): Promise<void> {
    try {
      await (everywhere ? signOutEverywhere(this.credentials) : signOut(this.credentials));
    } finally {
      await this.refresh();
    }
  }

  async #attempt(send: () => Promise<unknown>, asked: 'password' | 'code'): Promise<SignInResult> {
    try {
      await this.ready(); // the CSRF token, if the server hands one out before signing in
      await send();
    } catch (error) {
      return { ok: false, problem: problemOf(error, asked) };
    }
    await this.refresh();
    return { ok: true, next: this.nextStep };
  }
}

export const account = new AccountState();
