import { ApiError, fetchSession, type Session } from '../api/rest.js';

const STORAGE_KEY = 'openbeat.dispatcherKey';

export type SignInResult = 'ok' | 'invalid' | 'not_dispatcher' | 'network';

/**
 * The dispatcher's key for this tab only (sessionStorage: closing the tab signs out, and
 * nothing is left behind on a shared computer). Accounts come in a later issue.
 */
export class DispatcherSession {
  token = $state<string | null>(null);
  name = $state<string | null>(null);
  role = $state<Session['role']>('public');

  get isDispatcher(): boolean {
    return this.token !== null && this.role === 'dispatcher';
  }

  /** Restores a key kept in this tab, if it is still valid. */
  async restore(): Promise<void> {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (saved && (await this.signIn(saved)) !== 'ok') sessionStorage.removeItem(STORAGE_KEY);
  }

  async signIn(key: string): Promise<SignInResult> {
    const token = key.trim();
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return 'invalid';
    try {
      const session = await fetchSession(token);
      if (session.role !== 'dispatcher') return 'not_dispatcher';
      this.token = token;
      this.name = session.name;
      this.role = session.role;
      sessionStorage.setItem(STORAGE_KEY, token);
      return 'ok';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return 'invalid';
      return 'network';
    }
  }

  signOut(): void {
    this.token = null;
    this.name = null;
    this.role = 'public';
    sessionStorage.removeItem(STORAGE_KEY);
  }
}
