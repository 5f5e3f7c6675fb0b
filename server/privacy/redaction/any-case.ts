/**
 * "St" → "[Ss][Tt]": one word matched in any case while the rest of a pattern keeps its
 * case (Node 20 has no (?i:) groups).
 */
export function anyCase(word: string): string {
  return word.replace(/[\p{L}.*+?^${}()|[\]\\]/gu, (character) =>
    character.toUpperCase() === character.toLowerCase()
      ? `\\${character}`
      : `[${character.toUpperCase()}${character.toLowerCase()}]`,
  );
}

/** Several words, each in any case, as one non-capturing alternation. */
export function anyCaseWords(words: readonly string[]): string {
  return `(?:${words.map(anyCase).join('|')})`;
}
