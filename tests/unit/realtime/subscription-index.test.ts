import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPoint, type Bbox } from '../../../shared/geo/bbox.js';
import { SubscriptionIndex } from '../../../server/realtime/subscription-index.js';

const coordinate = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const bboxArbitrary = fc
  .tuple(coordinate(-10, 10), coordinate(40, 60), coordinate(0.001, 8), coordinate(0.001, 8))
  .map(([lon, lat, width, height]): Bbox => [lon, lat, lon + width, lat + height]);
const pointArbitrary = fc.tuple(coordinate(-11, 19), coordinate(39, 69));

describe('the subscription index', () => {
  it('finds exactly the boxes that hold a point, narrow and wide alike', () => {
    fc.assert(
      fc.property(
        fc.array(bboxArbitrary, { maxLength: 30 }),
        fc.array(pointArbitrary, { minLength: 1, maxLength: 20 }),
        (boxes, points) => {
          const index = new SubscriptionIndex<number>(0.5, 16);
          boxes.forEach((bbox, entry) => {
            index.set(entry, bbox);
          });
          for (const [lon, lat] of points) {
            const expected = boxes.flatMap((bbox, entry) =>
              containsPoint(bbox, lon, lat) ? [entry] : [],
            );
            expect([...index.matching(lon, lat)].sort((a, b) => a - b)).toEqual(expected);
          }
        },
      ),
    );
  });

  it('holds points on a box edge, and forgets a deleted or moved entry', () => {
    const index = new SubscriptionIndex<string>(0.05, 256);
    index.set('map', [-123.2, 49.2, -123.0, 49.3]);
    expect([...index.matching(-123.2, 49.3)]).toEqual(['map']);
    index.set('map', [-122.2, 49.2, -122.0, 49.3]);
    expect([...index.matching(-123.1, 49.25)]).toEqual([]);
    expect([...index.matching(-122.1, 49.25)]).toEqual(['map']);
    index.delete('map');
    expect([...index.matching(-122.1, 49.25)]).toEqual([]);
    expect(index.size).toBe(0);
  });
});
