/** A capitalised word ("Dwayne", "McDonald", "Karl-Heinz"), not all capitals, not inside a word. */
export interface NameToken {
  word: string;
  start: number;
  end: number;
}

const CAPITALISED =
  /(?<![\p{L}\p{N}_@./-])\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)*(?:-\p{Lu}\p{Ll}+)*(?![\p{L}\p{N}_@])/gu;

export function capitalisedTokens(text: string): NameToken[] {
  return [...text.matchAll(CAPITALISED)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Whether only spaces (at most two, no punctuation) separate two tokens. */
export function adjacent(text: string, left: NameToken, right: NameToken): boolean {
  const gap = text.slice(left.end, right.start);
  return /^\s{1,2}$/u.test(gap);
}
