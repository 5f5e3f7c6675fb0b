import { PRIORITY_MAX, PRIORITY_MIN } from '../../../shared/schemas/incident-constants.js';
import type { Locale } from './locales.js';
import { translate } from './translate.js';

/** The priorities, most urgent first (1 is the most urgent, API.md). */
export const PRIORITIES = Array.from(
  { length: PRIORITY_MAX - PRIORITY_MIN + 1 },
  (_, index) => PRIORITY_MIN + index,
);

type PriorityKey = 'priority.1' | 'priority.2' | 'priority.3' | 'priority.4' | 'priority.5';

/** "2 – High": the number dispatchers know with the word residents read. */
export function priorityLabel(locale: Locale, priority: number): string {
  const level = Math.min(PRIORITY_MAX, Math.max(PRIORITY_MIN, Math.round(priority)));
  const name = translate(locale, `priority.${level}` as PriorityKey);
  return translate(locale, 'priority.named', { number: level, name });
}
