import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type CategorySlug, type PublicPolicy } from '../../shared/categories.js';
import { prepare } from '../../server/incidents/incident-create-prepare.js';
import { districtLookupPoints, withPlaces } from '../../server/incidents/incident-places.js';
import type { IncidentRecord } from '../../server/incidents/incident-table.js';
import { cellBounds, cellOf, type LonLat } from '../../server/privacy/geomask.js';
import { generaliseBlock } from '../../server/privacy/place-description.js';
import { redactText } from '../../server/privacy/redact-text.js';

// The place in words is made from the public point and the generalised block only: whatever
// the exact point inside its cell, and whatever the source text holds, the public district,
// block and place never tell more than the cell and a hundred block.

const NOW = new Date('2026-03-01T12:00:00Z');
const DISTRICT_NAMES = ['Downtown', 'West End', 'Mount Pleasant', 'Kitsilano', 'Strathcona'];

/**
 * A stand-in for district_at() that a leak would show: it answers differently for nearly any
 * two distinct points, so a lookup at the exact point instead of the public one would make two
 * points of one cell disagree.
 */
function districtAt(point: LonLat): string {
  const hash = Math.abs(Math.round(point.lon * 1e7) * 31 + Math.round(point.lat * 1e7));
  return DISTRICT_NAMES[hash % DISTRICT_NAMES.length] ?? 'Downtown';
}

function place(exact: LonLat, category: CategorySlug, block: string | undefined): IncidentRecord {
  const { record } = prepare(
    {
      author: { keyId: 'k', source: 'cad' },
      input: {
        category,
        priority: 3,
        summary: 'x',
        location: exact,
        ...(block === undefined ? {} : { block }),
      },
      idempotencyKey: undefined,
      request: undefined,
    },
    NOW,
  );
  const names = districtLookupPoints([record]).map((point) => point && districtAt(point));
  const [placed] = withPlaces([record], names);
  if (!placed) throw new Error('no record placed');
  return placed;
}

const publicPlaceOf = (r: IncidentRecord) => ({
  district: r.publicDistrict,
  block: r.publicBlock,
  place: r.publicPlace,
});

const STREETS = ['HOMER ST', 'W Madison St', 'Hazelwood Close', 'E 41ST AVE', 'KINGSWAY'];
const street = fc.constantFrom(...STREETS);

/** Source texts: blocks, addresses, and what must never come through. */
const blockText = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 99999 }), street).map(([n, s]) => `${n} ${s}`),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('X', 'XX'), street)
    .map(([n, x, s]) => `${String(n).padStart(3, '0')}${x} ${s}`),
  street.map((s) => `On or near ${s}`),
  fc.constantFrom(
    'On or near Parking Area',
    'ABBOTT ST / W PENDER ST',
    'John Smith',
    'Apt 5, 512 Homer St',
    'Unit 3 - 1200 W Georgia St',
    '512 Homer St, V6B 1A1',
    'call 604-555-0199',
    'jane@example.org',
    'X NK_LOC ST',
    'SW1A 1AA',
  ),
  fc
    .tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180 }))
    .map(([lat, lon]) => `${lat.toFixed(5)}, ${lon.toFixed(5)}`),
  fc
    .tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 1000, max: 9999 }))
    .map(([a, b]) => `${a}-555-${b} Homer St`),
  fc.string({ maxLength: 40 }),
);

const categoryOf = (policy: PublicPolicy) =>
  fc.constantFrom(...CATEGORIES.filter((c) => c.policy === policy).map((c) => c.slug));
const anyCategory = fc.constantFrom(...CATEGORIES.map((c) => c.slug));

/** Somewhere on land people live (keeps away from the poles, where cells degenerate). */
const anywhere = fc.record({
  lon: fc.double({ min: -179.9, max: 179.9, noNaN: true }),
  lat: fc.double({ min: -70, max: 70, noNaN: true }),
});

/** Two exact points in one cell of the policy's grid, drawn as fractions of the cell. */
function twoPointsInOneCell(policy: 'point' | 'coarse') {
  return fc
    .tuple(
      anywhere,
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
    )
    .map(([seed, x1, y1, x2, y2]) => {
      const bounds = cellBounds(cellOf(seed, policy));
      const at = (x: number, y: number) => ({
        lon: bounds.west + x * (bounds.east - bounds.west),
        lat: bounds.south + y * (bounds.north - bounds.south),
      });
      return [at(x1, y1), at(x2, y2)] as const;
    })
    .filter(([a, b]) => {
      const [first, second] = [cellOf(a, policy), cellOf(b, policy)];
      return first.row === second.row && first.column === second.column;
    });
}

/** What a public text may hold of numbers: hundred blocks ("51XX") and ordinals ("41st"). */
function numbersLeft(text: string): string {
  return text.replace(/\b\d+XX\b/g, '').replace(/\b\d{1,3}(?:st|nd|rd|th)\b/gi, '');
}

describe('the place in words never reveals more than the public point', () => {
  it('is the same for two exact points of one cell with the same source text', () => {
    for (const policy of ['point', 'coarse'] as const) {
      fc.assert(
        fc.property(
          twoPointsInOneCell(policy),
          categoryOf(policy),
          blockText,
          ([a, b], category, block) => {
            const first = place(a, category, block);
            const second = place(b, category, block);
            expect(first.publicLocation).toEqual(second.publicLocation);
            expect(publicPlaceOf(first)).toEqual(publicPlaceOf(second));
          },
        ),
        { numRuns: 400 },
      );
    }
  });

  it('names the district of the public point, never of the exact one', () => {
    fc.assert(
      fc.property(anywhere, anyCategory, blockText, (exact, category, block) => {
        const placed = place(exact, category, block);
        const shown = placed.visibility === 'point' || placed.visibility === 'coarse';
        expect(placed.publicDistrict).toBe(
          shown && placed.publicLocation ? districtAt(placed.publicLocation) : null,
        );
      }),
      { numRuns: 400 },
    );
  });

  it('holds no house number finer than a hundred block, no coordinates, nothing to redact', () => {
    fc.assert(
      fc.property(anywhere, anyCategory, blockText, (exact, category, block) => {
        const placed = place(exact, category, block);
        for (const text of [placed.publicBlock, placed.publicPlace]) {
          if (text === null) continue;
          expect(numbersLeft(text)).not.toMatch(/\d/);
          expect(redactText(text)).toBe(text);
          expect(text).not.toMatch(/@/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rounds a house number down to its hundred block', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), street, (number, name) => {
        const block = generaliseBlock(`${number} ${name}`);
        expect(block?.startsWith(`${Math.floor(number / 100)}XX `)).toBe(true);
      }),
    );
  });

  it('gives nothing where the policy shows no point, the district alone for coarse ones', () => {
    fc.assert(
      fc.property(
        anywhere,
        fc.constantFrom<PublicPolicy>('coarse', 'aggregate', 'hidden'),
        blockText,
        (exact, policy, block) => {
          const category = fc.sample(categoryOf(policy), 1)[0] ?? 'burglary';
          const placed = place(exact, category, block);
          expect(placed.publicBlock).toBeNull();
          if (policy === 'coarse') {
            expect(placed.publicPlace).toBe(placed.publicDistrict);
          } else {
            expect(publicPlaceOf(placed)).toEqual({ district: null, block: null, place: null });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('block texts', () => {
  it.each([
    ['051XX W MADISON ST', '51XX W Madison St'],
    ['5XX HOMER ST', '5XX Homer St'],
    ['512 Homer St', '5XX Homer St'],
    ['2X ALEXANDER ST', '0XX Alexander St'],
    ['13XX W 71ST AVE', '13XX W 71st Ave'],
    ['On or near Parking Area', 'Parking Area'],
    ["On or near Bugsby's Way", "Bugsby's Way"],
    ['ABBOTT ST / W PENDER ST', 'Abbott St'],
    ['33XX KINGSWAY', '33XX Kingsway'],
    ['Hazelwood Close', 'Hazelwood Close'],
  ])('%s becomes %s', (source, expected) => {
    expect(generaliseBlock(source)).toBe(expected);
  });

  it.each([
    'John Smith',
    'X NK_LOC ST',
    'Apt 5, 512 Homer St',
    '512 Homer St, V6B 1A1',
    'call 604-555-0199',
    '49.28271, -123.12074',
    'Homer St 512',
    '',
    'a'.repeat(130) + ' St',
  ])('%j is dropped', (source) => {
    expect(generaliseBlock(source)).toBeNull();
  });

  it('makes the phrase from block and district, only for 150 m points', () => {
    const vancouver = { lon: -123.1157, lat: 49.2796 };
    const named = (category: CategorySlug, block?: string) => {
      const { record } = prepare(
        {
          author: { keyId: 'k', source: 'cad' },
          input: {
            category,
            priority: 3,
            summary: 'x',
            location: vancouver,
            ...(block === undefined ? {} : { block }),
          },
          idempotencyKey: undefined,
          request: undefined,
        },
        NOW,
      );
      return withPlaces([record], ['Downtown'])[0]?.publicPlace;
    };
    expect(named('theft', '512 Homer St')).toBe('near 5XX Homer St, Downtown');
    expect(named('theft')).toBe('Downtown');
    expect(named('burglary', '512 Homer St')).toBe('Downtown');
    expect(named('sexual-offences', '512 Homer St')).toBeNull();
  });
});
