/**
 * Redacts personal data from free text before it is shown publicly (police incident
 * summaries now, citizen observations later), replacing it with bracketed tokens.
 *
 * The text is read after Unicode folding (NFKC, every decimal digit as ASCII, dashes and
 * primes unified: redaction/text-folding.ts), so "４９.２８" or Arabic-Indic digits hide
 * nothing; what is replaced is the original text under each match, and text with nothing
 * to redact comes back byte-identical.
 *
 * Patterns find contact details, addresses and places, not people: names cannot be found
 * reliably by patterns ("Rose Street" vs "Rose said"), so names are a gap that moderation
 * covers. The patterns prefer redacting a little too much (a seven-digit reference number
 * reads as a phone number) to leaking.
 *
 * Inside URLs only e-mail addresses, IP addresses, coordinates and numbers a link marks as
 * phone numbers ("wa.me/16045550199", "?phone=…") are redacted ("maps/?q=49.28,-123.12"):
 * other digits in a path are not phone numbers or house numbers.
 */

import { findCoordinates } from './redaction/coordinates.js';
import { findEmailAddresses } from './redaction/email-addresses.js';
import { findGridReferences, MAY_HOLD_WHAT3WORDS } from './redaction/grid-references.js';
import { findIpAddresses } from './redaction/ip-addresses.js';
import { findPhoneNumbers } from './redaction/phone-numbers.js';
import { findPhoneNumbersInLinks } from './redaction/phone-numbers-in-links.js';
import { findPostcodes } from './redaction/postcodes.js';
import { mergeOverlapping, type RedactionSpan } from './redaction/spans.js';
import { findHouseNumbers } from './redaction/street-addresses.js';
import { foldText } from './redaction/text-folding.js';
import { findUnitDesignators } from './redaction/unit-designators.js';

export const REDACTION_TOKENS = {
  email: '[email]',
  phone: '[phone]',
  houseNumber: '[number]',
  unit: '[unit]',
  postcode: '[postcode]',
  coordinates: '[coordinates]',
  ip: '[ip]',
} as const;

export type RedactionToken = (typeof REDACTION_TOKENS)[keyof typeof REDACTION_TOKENS];

const URL = /(?:\bhttps?:\/\/|\bwww\.)[^\s<>"]+/giu;

// A removal changes what its neighbours read like ("Flat 3SW1A 1AA" → "Flat 3[postcode]"),
// so redaction repeats until nothing changes: redacting twice is redacting once.
const MAX_PASSES = 4;

// Every kind of personal data found here holds a digit, or an "@" or "at" in some form,
// except a what3words address.
const MAY_HOLD_PERSONAL_DATA = /[\p{N}@＠﹫]|(?<!\p{L})(?:at|ät)(?!\p{L})/iu;

export function redactText(text: string): string {
  const folded = foldText(text).text;
  if (!MAY_HOLD_PERSONAL_DATA.test(folded) && !MAY_HOLD_WHAT3WORDS.test(folded)) return text;
  let redacted = text;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const next = redactOnce(redacted);
    if (next === redacted) return next;
    redacted = next;
  }
  return redacted;
}

function redactOnce(text: string): string {
  const folded = foldText(text);
  const urls = [...folded.text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length]);
  const outsideUrls = (spans: RedactionSpan[]) =>
    spans.filter(
      (span) => !urls.some(([start = 0, end = 0]) => span.start < end && start < span.end),
    );
  // Listed most specific first: where matches overlap, the first kind names the union.
  const spans = mergeOverlapping([
    findEmailAddresses(folded.text, REDACTION_TOKENS.email),
    findCoordinates(folded.text, REDACTION_TOKENS.coordinates),
    findGridReferences(folded.text, REDACTION_TOKENS.coordinates),
    findIpAddresses(folded.text, REDACTION_TOKENS.ip),
    outsideUrls(findPostcodes(folded.text, REDACTION_TOKENS.postcode)),
    outsideUrls(findPhoneNumbers(folded.text, REDACTION_TOKENS.phone)),
    findPhoneNumbersInLinks(folded.text, REDACTION_TOKENS.phone),
    outsideUrls(findUnitDesignators(folded.text, REDACTION_TOKENS.unit)),
    outsideUrls(findHouseNumbers(folded.text, REDACTION_TOKENS.houseNumber)),
  ]);
  if (spans.length === 0) return text;
  let output = '';
  let copied = 0;
  for (const span of spans) {
    const start = folded.sourceStart[span.start] ?? text.length;
    const end = folded.sourceEnd[span.end - 1] ?? text.length;
    output += text.slice(copied, start) + span.token;
    copied = end;
  }
  return output + text.slice(copied);
}
