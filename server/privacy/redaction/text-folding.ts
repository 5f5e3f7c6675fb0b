/**
 * Folds text into the form the redaction patterns read: NFKC (full-width and mathematical
 * digits, ligatures, compatibility spaces), every Unicode decimal digit (Arabic-Indic,
 * Devanagari, …) as its ASCII digit, dashes as "-", primes and curly quotes as ' and ",
 * degree look-alikes as "°", and format characters (zero-width space, soft hyphen, bidi
 * marks) dropped, so "４９.２８" and "4\u200B9.28" read as "49.28".
 *
 * Each folded character remembers the original range it came from, so a match in the
 * folded text removes exactly the original characters and everything else stays
 * byte-identical. https://unicode.org/reports/tr15/
 */

export interface FoldedText {
  readonly text: string;
  /** For each UTF-16 unit of `text`, where its source starts in the original. */
  readonly sourceStart: readonly number[];
  /** For each UTF-16 unit of `text`, where its source ends in the original. */
  readonly sourceEnd: readonly number[];
}

// One base character and the marks that combine with it: NFKC may compose them.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;
const PRINTABLE_ASCII_ONLY = /^[\x20-\x7e\t\n\r]*$/;
const FORMAT_CHARACTER = /^\p{Cf}$/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII_DECIMAL_DIGIT = /[^\x30-\x39]/u;

// Looked up before NFKC, which would turn "º" (ordinal) into "o" and "⁰" into "0".
const BEFORE_NFKC: Readonly<Record<string, string>> = {
  º: '°',
  '˚': '°',
  '∘': '°',
  '⁰': '°',
  '′': "'",
  '‘': "'",
  '’': "'",
  '‛': "'",
  '´': "'",
  '`': "'",
  '″': '"',
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '﹣': '-',
  '－': '-',
  // Arabic decimal and thousands separators: "٤٩٫٢٨" is 49.28.
  '٫': '.',
  '٬': ',',
};

export function foldText(original: string): FoldedText {
  if (PRINTABLE_ASCII_ONLY.test(original)) {
    const identity = Array.from({ length: original.length }, (_, index) => index);
    return { text: original, sourceStart: identity, sourceEnd: identity.map((i) => i + 1) };
  }
  let text = '';
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  for (const match of original.matchAll(CLUSTER)) {
    const folded = foldCluster(match[0]);
    for (let unit = 0; unit < folded.length; unit += 1) {
      sourceStart.push(match.index);
      sourceEnd.push(match.index + match[0].length);
    }
    text += folded;
  }
  return { text, sourceStart, sourceEnd };
}

function foldCluster(cluster: string): string {
  const mapped = BEFORE_NFKC[cluster];
  if (mapped !== undefined) return mapped;
  if (FORMAT_CHARACTER.test(cluster)) return '';
  const normalised = cluster.normalize('NFKC');
  return Array.from(normalised, foldCharacter).join('');
}

function foldCharacter(character: string): string {
  if (BEFORE_NFKC[character] !== undefined) return BEFORE_NFKC[character];
  if (!DECIMAL_DIGIT.test(character) || !NON_ASCII_DECIMAL_DIGIT.test(character)) return character;
  return String(decimalDigitValue(character));
}

/**
 * Unicode encodes every decimal digit set as ten consecutive code points from 0 to 9
 * (a stability guarantee, https://www.unicode.org/policies/stability_policy.html), and sets
 * may follow one another directly (the five mathematical sets), so the value is the
 * distance from the start of the run of digits, modulo ten.
 */
function decimalDigitValue(digit: string): number {
  const codePoint = digit.codePointAt(0) ?? 0;
  let runStart = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(runStart - 1))) runStart -= 1;
  return (codePoint - runStart) % 10;
}
