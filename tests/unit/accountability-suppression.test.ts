import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdditiveGrid } from '../../server/accountability/additive-grid.js';
import {
  suppressTable,
  type AdditiveTable,
  type Suppression,
} from '../../server/accountability/suppression.js';

const K = 5;

/**
 * The rank of an integer matrix by fraction-free (Bareiss-style) elimination in BigInt: exact,
 * and written apart from the module's floating-point Gauss-Jordan on purpose.
 */
function rank(matrix: bigint[][]): number {
  const rows = matrix.map((row) => [...row]);
  const columns = rows[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < columns && r < rows.length; c++) {
    const pivot = rows.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (pivot === -1) continue;
    [rows[r], rows[pivot]] = [rows[pivot] as bigint[], rows[r] as bigint[]];
    const top = rows[r] as bigint[];
    for (let i = r + 1; i < rows.length; i++) {
      const row = rows[i] as bigint[];
      const factor = row[c] as bigint;
      if (factor === 0n) continue;
      const lead = top[c] as bigint;
      for (let j = 0; j < columns; j++)
        row[j] = (row[j] as bigint) * lead - factor * (top[j] as bigint);
    }
    r++;
  }
  return r;
}

/**
 * The suppressed cells a reader can work out exactly from the published ones by linear sums.
 * The reader is granted every zero (a stronger reader than a real one): a cell is recoverable
 * when the unit vector of its unknown lies in the row space of the lines over the unknowns.
 */
function recoverable(table: AdditiveTable, marks: readonly (Suppression | null)[]): number[] {
  const unknowns = marks.flatMap((mark, cell) =>
    mark !== null && table.values[cell] !== 0 ? [cell] : [],
  );
  const column = new Map(unknowns.map((cell, i) => [cell, i]));
  const matrix = table.lines.map((line) => {
    const row = new Array<bigint>(unknowns.length).fill(0n);
    line.terms.forEach((cell, term) => {
      const i = column.get(cell);
      if (i !== undefined) row[i] = (row[i] as bigint) + BigInt(line.weights?.[term] ?? 1);
    });
    const t = column.get(line.total);
    if (t !== undefined) row[t] = (row[t] as bigint) - 1n;
    return row;
  });
  const base = rank(matrix);
  return unknowns.filter((_, i) => {
    const unit = new Array<bigint>(unknowns.length).fill(0n);
    unit[i] = 1n;
    return rank([...matrix, unit]) === base;
  });
}

const cellValue = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: K - 1 }) },
  { weight: 5, arbitrary: fc.integer({ min: K, max: 60 }) },
);

const tables = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) =>
    fc.array(fc.array(cellValue, { minLength: columns, maxLength: columns }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

function gridOf(values: number[][]) {
  const rows = values.map((_, i) => `r${i}`);
  const columns = (values[0] ?? []).map((_, j) => `c${j}`);
  return new AdditiveGrid(
    rows,
    columns,
    (r, c) => values[Number(r.slice(1))]?.[Number(c.slice(1))] ?? 0,
  );
}

describe('suppressTable', () => {
  it('suppresses a lone small cell and the next smallest of its line', () => {
    // 3 + 10 + 20 = 33: with 3 hidden alone, 33 − 10 − 20 gives it back.
    const table = { values: [3, 10, 20, 33], lines: [{ terms: [0, 1, 2], total: 3 }] };
    expect(suppressTable(table, K)).toEqual(['fewer_than_k', 'complementary', null, null]);
  });

  it('leaves a line with two small cells as it is', () => {
    const table = { values: [3, 2, 20, 25], lines: [{ terms: [0, 1, 2], total: 3 }] };
    expect(suppressTable(table, K)).toEqual(['fewer_than_k', 'fewer_than_k', null, null]);
  });

  it('does not count a hidden zero as protection', () => {
    // 0 + 3 + 20 = 23: the zero is suppressed, but 23 − 20 = 3 still gives the 3 away.
    const table = { values: [0, 3, 20, 23], lines: [{ terms: [0, 1, 2], total: 3 }] };
    const marks = suppressTable(table, K);
    expect(marks.slice(0, 2)).toEqual(['fewer_than_k', 'fewer_than_k']);
    expect(marks[2]).toBe('complementary');
  });

  it('iterates across rows and columns to a fixpoint', () => {
    const grid = gridOf([
      [3, 10, 30],
      [20, 12, 40],
      [25, 50, 60],
    ]);
    const marks = suppressTable(grid.table(), K);
    expect(marks[grid.cell('r0', 'c0')]).toBe('fewer_than_k');
    // Row r0's partner is its 10; that leaves column c1 with one, so its 12 goes too, and so on.
    expect(marks[grid.cell('r0', 'c1')]).toBe('complementary');
    expect(marks[grid.cell('r1', 'c1')]).toBe('complementary');
    expect(recoverable(grid.table(), marks)).toEqual([]);
  });

  it('breaks a cell that joins two groups, which every line alone would pass', () => {
    // Two 2×2 groups of small cells joined by one small cell (r1,c2): every row and column has
    // two or more suppressed cells, yet r1's three minus the sums of r0, c0, c1 give it back.
    const small = 2;
    const big = 30;
    const grid = gridOf([
      [small, small, big, big],
      [small, small, small, big],
      [big, big, small, small],
      [big, big, small, small],
    ]);
    const table = grid.table();
    const primary = table.values.map((v) => (v < K ? 'fewer_than_k' : null));
    expect(recoverable(table, primary)).toEqual([grid.cell('r1', 'c2')]);
    const marks = suppressTable(table, K);
    expect(marks.filter((m) => m === 'complementary').length).toBeGreaterThan(0);
    expect(recoverable(table, marks)).toEqual([]);
  });

  it('treats a weighted line (a mean that is published) as a sum a reader can take', () => {
    // Ratings 1–5: [10, 0, 2, 3, 20] sum to 35 people; their weighted sum 10+6+12+100 = 128.
    const values = [10, 0, 2, 3, 20, 35, 128];
    const lines = [
      { terms: [0, 1, 2, 3, 4], total: 5 },
      { terms: [0, 1, 2, 3, 4], total: 6, weights: [1, 2, 3, 4, 5] },
    ];
    const marks = suppressTable({ values, lines }, K);
    // Two non-zero unknowns against two lines would both be solvable: a third one is hidden.
    expect(marks.filter((m, i) => m !== null && values[i] !== 0).length).toBeGreaterThanOrEqual(3);
    expect(recoverable({ values, lines }, marks)).toEqual([]);
  });

  it('on random tables: small cells suppressed, no line with one unknown, nothing recoverable', () => {
    fc.assert(
      fc.property(tables, (values) => {
        const grid = gridOf(values);
        const table = grid.table();
        const marks = suppressTable(table, K);
        table.values.forEach((value, cell) => {
          if (value < K) expect(marks[cell]).toBe('fewer_than_k');
          else expect(marks[cell]).not.toBe('fewer_than_k');
        });
        // Per line (a row, a column, the margins), margin included: 0 or ≥ 2 non-zero unknowns.
        for (const line of table.lines) {
          const unknown = [...line.terms, line.total].filter(
            (cell) => marks[cell] !== null && table.values[cell] !== 0,
          ).length;
          expect(unknown === 0 || unknown >= 2).toBe(true);
        }
        expect(recoverable(table, marks)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is stable: the same table gives the same marks', () => {
    fc.assert(
      fc.property(tables, (values) => {
        const table = gridOf(values).table();
        expect(suppressTable(table, K)).toEqual(suppressTable(table, K));
      }),
      { numRuns: 50 },
    );
  });
});
