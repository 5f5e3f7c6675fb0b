import type { checkReportText } from './check-text.js';

/**
 * The text check for the browser, loaded when the report form opens: it carries compromise and
 * libphonenumber-js, a 507 kB minified chunk, 173 kB gzipped (compromise is 128 kB of it;
 * measured 2026-12 with Vite 8), which the map page must not pay for. The server imports
 * check-text.js directly.
 */
export async function loadGuardrails(): Promise<typeof checkReportText> {
  const module = await import('./check-text.js');
  return module.checkReportText;
}
