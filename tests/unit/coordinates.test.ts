import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCoordinates, parseCoordinates } from '../../shared/geo/coordinates.js';

const VANCOUVER = { lat: 49.28, lon: -123.12 };

/** Equal within a millionth of a degree (the DMS forms are not exact decimals). */
function expectNear(actual: ReturnType<typeof parseCoordinates>, lat: number, lon: number) {
  expect(actual).not.toBeNull();
  expect(actual?.lat).toBeCloseTo(lat, 6);
  expect(actual?.lon).toBeCloseTo(lon, 6);
}

describe('parseCoordinates', () => {
  it.each([
    '49.28, -123.12',
    '49.28,-123.12',
    '  49.28   -123.12  ',
    '49.28; -123.12',
    '+49.28 -123.12',
    '-123.12 49.28', // only one order is possible: 123 is no latitude
    '-123.12, 49.28',
    '49.28N 123.12W',
    '49.28 N, 123.12 W',
    'N49.28 W123.12',
    '123.12W 49.28N', // the letters say which is which
    '49.28n 123.12w',
    '49°16\'48"N 123°7\'12"W',
    '49° 16\' 48" N, 123° 7\' 12" W',
    '49°16′48″N 123°7′12″W',
    "49°16'48''N 123°7'12''W",
    "49° 16.8' N, 123° 7.2' W",
    "N 49° 16.8', W 123° 7.2'",
    '49.28°N 123.12°W',
    'geo:49.28,-123.12',
    'GEO:49.28,-123.12;u=35',
    'geo:49.28,-123.12,70',
  ])('reads %s as Vancouver', (text) => {
    expectNear(parseCoordinates(text), VANCOUVER.lat, VANCOUVER.lon);
  });

  it.each([
    ['@49.28,-123.12,15z', 15],
    ['https://www.google.com/maps/@49.28,-123.12,15z?entry=ttu', 15],
    ['#14/49.28/-123.12', 14],
    ['https://www.openstreetmap.org/#map=14/49.28/-123.12', 14],
    ['https://www.openstreetmap.org/?mlat=1#map=16.5/49.28/-123.12&layers=N', 16.5],
    ['http://localhost:3000/#14/49.28/-123.12', 14],
  ])('reads the map link %s with its zoom', (text, zoom) => {
    const parsed = parseCoordinates(text);
    expectNear(parsed, VANCOUVER.lat, VANCOUVER.lon);
    expect(parsed?.zoom).toBe(zoom);
  });

  it('takes two small numbers as latitude first, as people write them', () => {
    expect(parseCoordinates('41.88, -87.63')).toEqual({ lat: 41.88, lon: -87.63 });
    expect(parseCoordinates('-87.63, 41.88')).toEqual({ lat: -87.63, lon: 41.88 });
  });

  it.each([
    ['southern and eastern hemispheres', '33.87S 151.21E', -33.87, 151.21],
    ['the edges of the ranges', '90, 180', 90, 180],
    ['the other edges', '-90 -180', -90, -180],
    ['zero', '0,0', 0, 0],
  ])('reads %s', (_what, text, lat, lon) => {
    expectNear(parseCoordinates(text), lat, lon);
  });

  it.each([
    ['a latitude beyond 90', '91N, 10E'],
    ['a latitude beyond 90 in a geo: URI', 'geo:91,10'],
    ['a longitude beyond 180', '45, 181'],
    ['a longitude beyond 180 by its letter', '45N, 181W'],
    ['both beyond 90', '100, 120'],
    ['a geo: URI out of range', 'geo:95,10'],
    ['a map hash out of range', '#14/49.28/-190'],
    ['minutes of 60', "49° 60' N, 123° 7' W"],
    ['seconds of 60', '49°16\'60"N 123°7\'12"W'],
    ['minutes after fractional degrees', "49.5° 16' N, 123° 7' W"],
    ['two latitude letters', '49.28N 123.12N'],
    ['two longitude letters', '49.28E 123.12W'],
    ['a sign and a letter', '-49.28S 123.12W'],
    ['a letter on both sides', 'N49.28N 123.12W'],
    ['a lone number', '49.28'],
    ['three numbers', '49.28, -123.12, 7'],
    ['a street', '5XX Homer St'],
    ['a district', 'Downtown'],
    ['a house number and street', '500 Homer St'],
    ['empty', ''],
    ['blank', '   '],
    ['words around coordinates', 'near 49.28, -123.12 please'],
    ['hexadecimal', '0x31, 0x7B'],
    ['exponents', '4.9e1, -1.2e2'],
    ['infinity', 'Infinity, 3'],
  ])('refuses %s', (_what, text) => {
    expect(parseCoordinates(text)).toBeNull();
  });

  it('never throws and only answers coordinates within range, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseCoordinates(text);
        if (parsed === null) return;
        expect(Math.abs(parsed.lat)).toBeLessThanOrEqual(90);
        expect(Math.abs(parsed.lon)).toBeLessThanOrEqual(180);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every pair it formats', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (lat, lon) => {
          const parsed = parseCoordinates(formatCoordinates({ lat, lon }));
          expect(parsed?.lat).toBeCloseTo(lat, 4);
          expect(parsed?.lon).toBeCloseTo(lon, 4);
        },
      ),
    );
  });
});
