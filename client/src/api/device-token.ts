const STORAGE_KEY = 'openbeat.deviceToken';

/** Where the token is kept: localStorage in the page, a map in tests. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function randomToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * This device's random token (`x-device-token`): anonymous reports are rate-limited by it, and
 * "my reports" finds an anonymous reporter's own reports with it. It names nobody; it stays in
 * this browser until its storage is cleared.
 */
export function deviceToken(
  storage: TokenStorage = (globalThis as unknown as { localStorage: TokenStorage }).localStorage,
): string {
  const saved = storage.getItem(STORAGE_KEY);
  if (saved && /^[0-9a-f]{32}$/.test(saved)) return saved;
  const token = randomToken();
  storage.setItem(STORAGE_KEY, token);
  return token;
}

export function deviceHeaders(): Record<string, string> {
  return { 'x-device-token': deviceToken() };
}
