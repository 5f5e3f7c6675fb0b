import { i18n } from '../../i18n/i18n.svelte.js';

/** What the admin is told when a request of these panels fails. */
export function failureMessage(error: unknown): string {
  return i18n.t('admin.failed', { message: error instanceof Error ? error.message : '' });
}
