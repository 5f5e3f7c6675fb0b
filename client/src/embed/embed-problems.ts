import {
  EMBED_LANGUAGES,
  EMBED_LAYERS,
  EMBED_THEMES,
  EMBED_WINDOWS,
  type EmbedProblem,
} from '../../../shared/embed/embed-params.js';
import type { EmbedText } from './embed-text.js';

const CUSTOM_WINDOW = 'window=custom&from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z';

/** A good value of each parameter, to show beside what was wrong with it. */
const EXAMPLES: Record<string, string> = {
  bbox: 'bbox=-123.2,49.2,-123.0,49.3',
  district: 'district=Downtown',
  layers: `layers=${EMBED_LAYERS.slice(0, 2).join(',')} (${EMBED_LAYERS.join(', ')})`,
  categories: 'categories=burglary,theft',
  window: `window=24h (${EMBED_WINDOWS.join(', ')})`,
  from: CUSTOM_WINDOW,
  to: CUSTOM_WINDOW,
  lang: EMBED_LANGUAGES.map((lang) => `lang=${lang}`).join(', '),
  theme: EMBED_THEMES.map((theme) => `theme=${theme}`).join(', '),
};

function example(problem: EmbedProblem, text: EmbedText): string {
  if (problem.code === 'unknown_parameter') return text.t('embed.example.unknown_parameter');
  if (problem.code === 'conflict') {
    return problem.param === 'district'
      ? text.t('embed.example.conflict.district')
      : text.t('embed.example.conflict.window');
  }
  return EXAMPLES[problem.param] ?? '';
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  content: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = content;
  return node;
}

/** What the embed says about one problem, in its language. */
export function problemSentence(problem: EmbedProblem, text: EmbedText): string {
  const params = { param: problem.param, value: problem.value ?? '' };
  switch (problem.code) {
    case 'unknown_parameter':
      return text.t('embed.problem.unknown_parameter', params);
    case 'invalid':
      return text.t('embed.problem.invalid', params);
    case 'missing':
      return text.t('embed.problem.missing', params);
    case 'conflict':
      return text.t('embed.problem.conflict', params);
  }
}

/** A problem of the data rather than the address: an unknown district, with the known ones. */
export function unknownDistrictProblem(name: string, known: readonly string[]): EmbedProblem {
  return {
    param: 'district',
    code: 'invalid',
    value: name,
    message: `There is no district named ${name}; known: ${known.join(', ')}`,
  };
}

/**
 * Replaces the frame's content with what is wrong: which parameter, what is wrong with it, and a
 * good value (never a blank or quietly different map). `districts`: the known districts' names,
 * when the district named is not one of them.
 */
export function showProblems(
  root: HTMLElement,
  problems: readonly EmbedProblem[],
  text: EmbedText,
  districts: readonly string[] | null = null,
): void {
  const box = document.createElement('main');
  box.className = 'embed-problem';
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'embed-problem';
  box.append(
    element('h1', text.t('embed.problem.heading')),
    element('p', text.t('embed.problem.intro')),
  );
  const list = document.createElement('ul');
  for (const problem of problems) {
    const item = document.createElement('li');
    item.dataset.param = problem.param;
    const unknownDistrict = problem.param === 'district' && districts !== null;
    const sentence = unknownDistrict
      ? text.t('embed.problem.unknownDistrict', { value: problem.value ?? '' })
      : problemSentence(problem, text);
    let good = example(problem, text);
    if (unknownDistrict) {
      good =
        districts.length > 0
          ? text.t('embed.example.districts', { names: districts.slice(0, 8).join(', ') })
          : '';
    }
    item.append(element('strong', sentence));
    if (good) {
      item.append(' ', element('span', text.t('embed.problem.example', { example: '' })));
      item.append(element('code', good));
    }
    list.append(item);
  }
  box.append(list, element('p', text.t('embed.problem.help')));
  root.replaceChildren(box);
}
