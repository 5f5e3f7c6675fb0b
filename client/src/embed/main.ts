import {
  EMBED_LANGUAGES,
  parseMapEmbedParams,
  type EmbedLanguage,
} from '../../../shared/embed/embed-params.js';
import { showProblems } from './embed-problems.js';
import { embedText } from './embed-text.js';
import './embed.css';

/**
 * `/embed`: the read-only live map for other sites' iframes (issue 14). It reads its parameters
 * and either says what is wrong with them or shows the map, which (with MapLibre) loads only
 * then. No cookie, no storage: it works with third-party storage blocked.
 */
const root = document.getElementById('embed');
if (!root) throw new Error('embed.html has no #embed element');

const search = location.search;
const parsed = parseMapEmbedParams(search);
const asked = new URLSearchParams(search).get('lang');
const lang: EmbedLanguage = parsed.ok
  ? parsed.params.lang
  : (EMBED_LANGUAGES.find((known) => known === asked) ?? 'en');
const text = embedText(lang);
document.documentElement.lang = lang;
document.title = text.t('embed.title');

if (!parsed.ok) {
  showProblems(root, parsed.problems, text);
} else {
  const params = parsed.params;
  document.documentElement.dataset.theme = params.theme;
  root.textContent = text.t('embed.loading');
  void (async () => {
    const [{ buildEmbedPage }, { startEmbedMap }] = await Promise.all([
      import('./embed-shell.js'),
      import('./embed-map-page.js'),
    ]);
    const page = buildEmbedPage(root, params, text);
    try {
      await startEmbedMap(page, params);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = document.createElement('p');
      message.className = 'embed-error';
      message.setAttribute('role', 'alert');
      message.textContent = text.t('embed.loadFailed', { reason });
      page.root.prepend(message);
    }
  })();
}
