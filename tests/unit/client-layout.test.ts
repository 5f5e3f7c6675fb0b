import { describe, expect, it } from 'vitest';
import { priorityLabel, PRIORITIES } from '../../client/src/i18n/priority-labels.js';
import { freeArea, insideWithMargin } from '../../client/src/map/reveal-beside.js';
import { matchesTyped } from '../../client/src/state/text-match.js';
import { CATEGORIES, CATEGORY_SLUGS } from '../../shared/categories.js';
import {
  CATEGORY_GROUP,
  CATEGORY_GROUP_IDS,
  groupByCategory,
} from '../../shared/category-groups.js';

describe('the part of the map a panel leaves free', () => {
  const map = { x: 300, y: 60, width: 640, height: 740 };

  it('is the whole map when nothing covers it', () => {
    expect(freeArea(map, null)).toEqual({ x: 0, y: 0, width: 640, height: 740 });
    // A panel beside the map (a phone's sheet under it) covers nothing of it.
    expect(freeArea(map, { x: 300, y: 800, width: 640, height: 300 })).toEqual({
      x: 0,
      y: 0,
      width: 640,
      height: 740,
    });
  });

  it('is the larger side beside a tall panel on the start side', () => {
    const panel = { x: 308, y: 68, width: 352, height: 676 };
    expect(freeArea(map, panel)).toEqual({ x: 360, y: 0, width: 280, height: 740 });
  });

  it('is the part below a short, wide panel', () => {
    const panel = { x: 308, y: 68, width: 352, height: 200 };
    expect(freeArea(map, panel)).toEqual({ x: 0, y: 208, width: 640, height: 532 });
  });

  it('tells a point clear of the edges from one too close to them', () => {
    const area = { x: 360, y: 0, width: 280, height: 740 };
    expect(insideWithMargin({ x: 500, y: 300 }, area, 32)).toBe(true);
    expect(insideWithMargin({ x: 370, y: 300 }, area, 32)).toBe(false); // at the panel's edge
    expect(insideWithMargin({ x: 200, y: 300 }, area, 32)).toBe(false); // under the panel
    expect(insideWithMargin({ x: 500, y: 730 }, area, 32)).toBe(false); // at the map's edge
  });
});

describe('the category groups', () => {
  it('put every category in exactly one known group', () => {
    expect(Object.keys(CATEGORY_GROUP).sort()).toEqual([...CATEGORY_SLUGS].sort());
    for (const group of Object.values(CATEGORY_GROUP)) {
      expect(CATEGORY_GROUP_IDS).toContain(group);
    }
  });

  it('sort items into the groups in group order, leaving out empty groups', () => {
    const grouped = groupByCategory(['theft', 'robbery', 'other', 'burglary'], (slug) => slug);
    expect(grouped).toEqual([
      { id: 'violence', items: ['robbery'] },
      { id: 'property', items: ['theft', 'burglary'] },
      { id: 'other', items: ['other'] },
    ]);
    const all = groupByCategory(CATEGORIES, (c) => c.slug).flatMap((g) => g.items);
    expect(all).toHaveLength(CATEGORIES.length);
  });
});

describe('typing to find a category', () => {
  it('matches every typed word anywhere, without case or accents', () => {
    expect(matchesTyped('Bicycle theft', 'bicy')).toBe(true);
    expect(matchesTyped('Bicycle theft', 'THEFT bi')).toBe(true);
    expect(matchesTyped('Fahrraddiebstahl', 'diebstahl')).toBe(true);
    expect(matchesTyped('Ordnungsstörung', 'ordnungsstorung')).toBe(true);
    expect(matchesTyped('Bicycle theft', 'car')).toBe(false);
    expect(matchesTyped('Anything', '   ')).toBe(true);
  });
});

describe('priority names', () => {
  it('name every priority from 1, the most urgent, in both languages', () => {
    expect(PRIORITIES).toEqual([1, 2, 3, 4, 5]);
    expect(PRIORITIES.map((p) => priorityLabel('en', p))).toEqual([
      '1 – Critical',
      '2 – High',
      '3 – Medium',
      '4 – Low',
      '5 – Very low',
    ]);
    expect(priorityLabel('de', 1)).toBe('1 – Kritisch');
    expect(priorityLabel('de', 5)).toBe('5 – Sehr niedrig');
  });
});
