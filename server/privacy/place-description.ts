/**
 * Where an incident is, in words a resident reads, made at write time from generalised data
 * only: the district of the public point (looked up by the caller, server/incidents/
 * incident-places.ts), the source's block-level text generalised to a hundred block or a street,
 * and the two as one phrase ("near 5XX Homer St, Downtown").
 *
 * Never finer than the public point: the district is that of the public point, not of the exact
 * one; a house number becomes its hundred block ("512 Homer St" → "5XX Homer St"); an
 * intersection (a corner is a point) keeps only its first street; only the 150 m `point` policy
 * shows a block, `coarse` (often the victim's home) shows the district alone, and a policy that
 * shows no point (`aggregate`, `hidden`) shows nothing at all.
 */
import type { PublicPolicy } from '../../shared/categories.js';
import type { LonLat } from './geomask.js';
import { redactText } from './redact-text.js';

export interface PublicPlace {
  /** The district of the public point. */
  district: string | null;
  /** The generalised block or street; only under the `point` policy. */
  block: string | null;
  /** The phrase a resident reads. */
  place: string | null;
}

export const NO_PUBLIC_PLACE: PublicPlace = Object.freeze({
  district: null,
  block: null,
  place: null,
});

export const MAX_BLOCK_LENGTH = 120;

/** data.police.uk's anonymised places all start so: "On or near Parking Area". */
const ON_OR_NEAR = /^on or near\s+/i;

/**
 * Words a street name ends with (a direction may follow: "Ontario St N"). A text without a
 * number must end so (or come from police.uk's list of anonymised places) to count as a street:
 * anything else may be a name ("John Smith") rather than a place.
 */
const STREET_WORDS = new Set(
  (
    'street st road rd avenue ave av lane ln ally alley drive dr boulevard blvd way place pl ' +
    'court ct close crescent cres terrace terr ter square sq gardens gdns grove hill parade prde ' +
    'row walk mews highway hwy parkway pkwy circle cir trail trl broadway kingsway mall quay ' +
    'wharf pass creek crossing bridge embankment esplanade promenade plaza path loop green ' +
    'gate rise brow vale view yard market wall gateway colonnade'
  ).split(' '),
);
const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']);

/** A word of a street name: letters (with ' . -), or an ordinal ("41ST"). */
const STREET_NAME_WORD = /^(?:[\p{L}][\p{L}\p{M}'’.-]*|\d{1,3}(?:st|nd|rd|th))$/iu;
const MAX_STREET_WORDS = 8;

/** A hundred block ("051XX", "5XX", "2X") or a house number ("512", "512A"), then the street. */
const NUMBERED = /^(?=[\dX])(?<digits>\d{0,6})(?<xs>X{0,4})[A-Z]?\s+(?<street>.+)$/iu;

/**
 * The source's block-level text as a hundred block or a street, in title case, or null when it
 * is not plainly one (names, phone numbers, units, coordinates, free text).
 */
export function generaliseBlock(source: string | null | undefined): string | null {
  if (typeof source !== 'string') return null;
  let text = source.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (text.length === 0 || text.length > MAX_BLOCK_LENGTH) return null;
  const onOrNear = ON_OR_NEAR.test(text);
  text = text.replace(ON_OR_NEAR, '');
  // An intersection names a corner, a point: keep only its first street.
  text = (text.split(/\s+(?:\/|&|and|at)\s+/iu)[0] ?? '').trim();
  const numbered = NUMBERED.exec(text);
  const generalised = numbered?.groups
    ? hundredBlock(numbered.groups.digits ?? '', numbered.groups.xs ?? '', numbered.groups.street)
    : street(text, onOrNear);
  if (generalised === null || generalised.length > MAX_BLOCK_LENGTH) return null;
  // The redaction finds what these rules may have missed (a phone number, a postcode …).
  return redactText(generalised) === generalised ? generalised : null;
}

function hundredBlock(digits: string, xs: string, streetText: string | undefined): string | null {
  const name = street(streetText ?? '', false);
  if (name === null) return null;
  const hundreds = Math.floor((Number(digits || '0') * 10 ** xs.length) / 100);
  return `${String(hundreds)}XX ${name}`;
}

function street(text: string, onOrNear: boolean): string | null {
  const words = text.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_STREET_WORDS) return null;
  if (!words.every((word) => STREET_NAME_WORD.test(word) || /^[\p{L}]+\/[\p{L}]+$/u.test(word))) {
    return null;
  }
  if (!onOrNear && !endsLikeAStreet(words)) return null;
  return words.map(titleCase).join(' ');
}

function endsLikeAStreet(words: readonly string[]): boolean {
  const lower = words.map((word) => word.toLowerCase().replace(/\.$/u, ''));
  const last = lower.at(-1) ?? '';
  const beforeDirection = DIRECTIONS.has(last) && lower.length > 1 ? (lower.at(-2) ?? '') : last;
  return STREET_WORDS.has(beforeDirection);
}

/** Upper-case sources (Chicago, Vancouver) in title case; mixed case is kept as written. */
function titleCase(word: string): string {
  const lower = word.toLowerCase();
  if (DIRECTIONS.has(lower)) return word.toUpperCase();
  if (/^\d/u.test(word)) return lower;
  if (/\p{Ll}/u.test(word)) return word;
  return lower.replace(/(^|[/-])(\p{L})/gu, (_, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

/** Where the district is looked up: the public point, under a policy that shows it. */
export function districtLookupPoint(
  policy: PublicPolicy,
  publicLocation: LonLat | null,
): LonLat | null {
  return policy === 'point' || policy === 'coarse' ? publicLocation : null;
}

/** The block a policy may show: only the 150 m `point` policy shows one. */
export function blockShownUnder(policy: PublicPolicy, block: string | null): string | null {
  return policy === 'point' ? block : null;
}

/**
 * The public place of an incident under its policy, from its generalised block and the district
 * of its public point: "near 5XX Homer St, Downtown", the district alone, or the block alone.
 */
export function describePlace(
  policy: PublicPolicy,
  block: string | null,
  district: string | null,
): PublicPlace {
  if (policy !== 'point' && policy !== 'coarse') return NO_PUBLIC_PLACE;
  const shownBlock = blockShownUnder(policy, block);
  const place = shownBlock
    ? `near ${shownBlock}${district ? `, ${district}` : ''}`
    : (district ?? null);
  return { district: district ?? null, block: shownBlock, place };
}
