import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { AlertPolygonSchema } from '../../shared/schemas/alert.js';
import {
  EMPTY_DRAFT,
  MAX_CORNERS,
  addCorner,
  areaProblem,
  draftOfPolygon,
  draftPolygon,
  finishArea,
  ringCrosses,
  undoCorner,
  type AreaDraft,
  type Corner,
} from '../../client/src/state/alert-area-draft.js';

/** Drawing an alert's area one click a corner (client/src/state/alert-area-draft.ts). */
const SQUARE: Corner[] = [
  [-123.12, 49.27],
  [-123.1, 49.27],
  [-123.1, 49.29],
  [-123.12, 49.29],
];

const drawn = (corners: Corner[]): AreaDraft => corners.reduce(addCorner, EMPTY_DRAFT);

describe('drawing an alert area', () => {
  it('closes the ring by repeating the first corner, as GeoJSON and the contract want', () => {
    const open = drawn(SQUARE);
    expect(draftPolygon(open)).toBeNull(); // not finished yet
    const finished = finishArea(open);
    expect(finished.finished).toBe(true);
    const polygon = draftPolygon(finished);
    expect(polygon?.coordinates[0]).toEqual([...SQUARE, SQUARE[0]]);
    expect(Value.Check(AlertPolygonSchema, polygon)).toBe(true);
  });

  it('takes no corner after finishing, until undone; undo reopens, then drops corners', () => {
    const finished = finishArea(drawn(SQUARE));
    expect(addCorner(finished, [-123.11, 49.3])).toBe(finished);
    const reopened = undoCorner(finished);
    expect(reopened).toEqual({ corners: SQUARE, finished: false });
    expect(undoCorner(reopened).corners).toEqual(SQUARE.slice(0, 3));
    expect(undoCorner(undoCorner(undoCorner(undoCorner(reopened))))).toEqual(EMPTY_DRAFT);
    expect(undoCorner(EMPTY_DRAFT)).toEqual(EMPTY_DRAFT);
  });

  it('refuses to finish fewer than three corners, a line, or a figure eight', () => {
    const two = drawn(SQUARE.slice(0, 2));
    expect(areaProblem(two.corners)).toBe('too_few');
    expect(finishArea(two)).toBe(two);
    const line = drawn([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(areaProblem(line.corners)).toBe('no_area');
    expect(finishArea(line).finished).toBe(false);
    // The square's corners in the order 1 2 4 3: its edges cross in the middle.
    const bowtie: Corner[] = [SQUARE[0], SQUARE[1], SQUARE[3], SQUARE[2]] as Corner[];
    expect(ringCrosses(bowtie)).toBe(true);
    expect(areaProblem(bowtie)).toBe('crossing');
    expect(ringCrosses(SQUARE)).toBe(false);
    expect(areaProblem(SQUARE)).toBeNull();
  });

  it('counts a double click as one corner and rounds to six decimals', () => {
    const draft = drawn([
      [-123.1234567891, 49.2],
      [-123.1234567891, 49.2],
      [-123.1, 49.3],
    ]);
    expect(draft.corners).toEqual([
      [-123.123457, 49.2],
      [-123.1, 49.3],
    ]);
  });

  it('stops at the contract’s limit of positions (the repeated first one counted)', () => {
    const circle: Corner[] = Array.from({ length: MAX_CORNERS + 5 }, (_, i) => {
      const angle = (2 * Math.PI * i) / (MAX_CORNERS + 5);
      return [-123.1 + 0.01 * Math.cos(angle), 49.28 + 0.01 * Math.sin(angle)];
    });
    const draft = finishArea(drawn(circle));
    expect(draft.corners).toHaveLength(MAX_CORNERS);
    expect(Value.Check(AlertPolygonSchema, draftPolygon(draft))).toBe(true);
  });

  it('turns a saved polygon back into a finished draft for editing', () => {
    const polygon = draftPolygon(finishArea(drawn(SQUARE)));
    if (!polygon) throw new Error('the square is a valid area');
    expect(draftOfPolygon(polygon)).toEqual({ corners: SQUARE, finished: true });
  });
});
