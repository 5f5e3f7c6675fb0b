/**
 * Which rule set reads a text: English, German, or both when the words do not say. A report
 * is a sentence or two, so counting the most common function words of each language is
 * enough; a tie (a text of names and numbers) is checked with both.
 */
export type GuardrailLanguage = 'en' | 'de';

const ENGLISH =
  /\b(?:the|and|is|was|were|are|of|to|in|on|at|it|he|she|they|his|her|a|an|with|from|this|that|who|my|our|i|you|we|for|near|been|has|have|had|not)\b/giu;
const GERMAN =
  /(?<![\p{L}])(?:der|die|das|und|ist|war|sind|nicht|ein|eine|einen|dem|den|des|mit|auf|im|vom|zum|zur|sich|ich|wir|ihr|er|sie|es|uns|von|bei|seit|gegen|hat|haben|wurde|auch|noch|aus|nach|schon|wieder|bitte)(?![\p{L}])/giu;
const GERMAN_LETTERS = /[äöüßÄÖÜ]/u;

export function detectLanguages(text: string): readonly GuardrailLanguage[] {
  const english = text.match(ENGLISH)?.length ?? 0;
  const german = (text.match(GERMAN)?.length ?? 0) + (GERMAN_LETTERS.test(text) ? 2 : 0);
  if (english >= german + 2) return ['en'];
  if (german >= english + 2) return ['de'];
  return ['en', 'de'];
}
