/**
 * The text the rules read, with the tricks that hide personal data from a pattern undone:
 * invisible format characters dropped ("0171\u200B2345678"), full-width forms as ASCII
 * ("０１７１ ２３４５６７８", "＠"), and every Unicode decimal digit as its ASCII digit
 * (Arabic-Indic, Devanagari …). Each folded character remembers where it came from, so a
 * finding marks the original text. Most texts need none of it and come back as they are.
 */
export interface FoldedText {
  text: string;
  /** Maps a [start, end) in the folded text to the original; the identity when nothing folded. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

const NEEDS_FOLDING = /[\p{Cf}\uFF01-\uFF5E]|(?![0-9])\p{Nd}/u;
const FORMAT = /^\p{Cf}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const FULL_WIDTH_OFFSET = 0xfee0;

export function foldText(original: string): FoldedText {
  if (!NEEDS_FOLDING.test(original)) {
    return { text: original, toOriginal: (start, end) => ({ start, end }) };
  }
  let text = '';
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let index = 0;
  for (const character of original) {
    const folded = foldCharacter(character);
    for (let unit = 0; unit < folded.length; unit += 1) {
      sourceStart.push(index);
      sourceEnd.push(index + character.length);
    }
    text += folded;
    index += character.length;
  }
  return {
    text,
    toOriginal: (start, end) => ({
      start: sourceStart[start] ?? original.length,
      end: sourceEnd[end - 1] ?? original.length,
    }),
  };
}

function foldCharacter(character: string): string {
  if (FORMAT.test(character)) return '';
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) {
    return foldCharacter(String.fromCodePoint(codePoint - FULL_WIDTH_OFFSET));
  }
  if (codePoint > 0x7f && DECIMAL_DIGIT.test(character)) return String(digitValue(codePoint));
  return character;
}

/**
 * Unicode encodes each set of decimal digits as ten consecutive code points from 0 to 9 (a
 * stability guarantee: https://www.unicode.org/policies/stability_policy.html), so a digit's
 * value is its distance from the start of its run, modulo ten.
 */
function digitValue(codePoint: number): number {
  let runStart = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(runStart - 1))) runStart -= 1;
  return (codePoint - runStart) % 10;
}
