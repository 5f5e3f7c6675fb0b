import { mount } from 'svelte';
import { parseStatsEmbedParams, type EmbedProblem } from '../../../shared/embed/embed-params.js';
import { StatsText } from './stats-i18n.js';
import StatsEmbed from './StatsEmbed.svelte';
import StatsProblem from './StatsProblem.svelte';
import './embed-stats.css';

/**
 * /embed/stats (issue 14): a district's accountability panel for other sites' iframes. It
 * imports nothing of the app's map (MapLibre) or plots: its whole budget is 60 kB gzip.
 */
const root = document.getElementById('embed');
if (!root) throw new Error('embed-stats.html has no #embed element');

const parsed = parseStatsEmbedParams(location.search);
// A bad `lang` or `theme` is reported, but the message still needs a language and colours.
const query = new URLSearchParams(location.search);
const lang = parsed.ok ? parsed.params.lang : query.get('lang') === 'de' ? 'de' : 'en';
const theme = parsed.ok ? parsed.params.theme : query.get('theme') === 'dark' ? 'dark' : 'light';
document.documentElement.lang = lang;
document.documentElement.dataset.theme = theme;
const text = new StatsText(lang);

function problemText(problem: EmbedProblem): string {
  const key = `stats.error.${problem.code}` as const;
  return text.t(key, { param: problem.param, value: problem.value ?? '' });
}

if (parsed.ok) {
  document.title = text.t('stats.title', { district: parsed.params.district });
  mount(StatsEmbed, { target: root, props: { params: parsed.params, text, root } });
} else {
  document.title = text.t('stats.error.heading');
  mount(StatsProblem, {
    target: root,
    props: {
      text,
      messages: parsed.problems.map(problemText),
      intro: text.t('stats.error.params'),
    },
  });
  root.dataset.state = 'error';
}
