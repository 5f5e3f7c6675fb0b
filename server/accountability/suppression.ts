/**
 * Small-cell suppression of additive tables (issue 13, part 4): a pure function of the counts.
 *
 * A table is a list of cells (counts) and a list of additive lines, each saying that some cells
 * sum to another (the categories of a district sum to the district's total; the districts and
 * the calls without a district sum to the whole area; the ratings sum to the feedback count).
 * Every cell not suppressed counts as known to a reader, including the ones never printed
 * (calls without a district, a district's total of responses): they can be derived from what is
 * printed, so treating them as known is the safe side.
 *
 * 1. Primary: a cell built on fewer than k records is suppressed ('fewer_than_k'), zero included.
 * 2. Complementary: a line with exactly one (non-zero) suppressed cell gives it away (total minus the
 *    rest), so the smallest other cell of that line is suppressed too ('complementary'),
 *    iterated over all lines to a fixpoint.
 * Zero cells are suppressed like any cell under k, but they never count as protection: cells
 * that a line shows to sum to zero are all zero (counts are never negative), so a zero hidden
 * next to a small cell hides nothing. The rules below treat a suppressed zero as known.
 * 3. The per-line rule is not enough on its own: two groups of suppressed cells joined by one
 *    cell can leave that cell determined by a combination of lines. Each suppressed cell is
 *    checked by linear algebra (is it a combination of the lines?), and while one is
 *    determined, another cell of one of its lines is suppressed and the steps repeat.
 */

export type Suppression = 'fewer_than_k' | 'complementary';

/**
 * Cells `terms` add up to cell `total` (indexes into the table's cells), each term times its
 * weight when weights are given (the ratings 1 to 5 times their counts add up to the sum of
 * ratings, which a published mean and count give away).
 */
export interface AdditiveLine {
  terms: readonly number[];
  total: number;
  weights?: readonly number[];
}

export interface AdditiveTable {
  values: readonly number[];
  lines: readonly AdditiveLine[];
}

/** Per cell: why it is suppressed, or null when it may be published. */
export function suppressTable(table: AdditiveTable, k: number): (Suppression | null)[] {
  const marks: (Suppression | null)[] = table.values.map((value) =>
    value < k ? 'fewer_than_k' : null,
  );
  for (;;) {
    suppressLonelyCells(table, marks);
    const determined = firstDeterminedCell(table, marks);
    if (determined === null) return marks;
    const added = suppressBesides(table, marks, determined);
    // Every line of a determined cell holds another published cell, else it could not be
    // determined; the guard only keeps a broken table from looping.
    if (!added) return marks;
  }
}

/** A cell a reader cannot know: suppressed, and not zero (see above). */
export function isUnknown(
  table: AdditiveTable,
  marks: readonly (Suppression | null)[],
  cell: number,
): boolean {
  return marks[cell] !== null && marks[cell] !== undefined && table.values[cell] !== 0;
}

function cellsOf(line: AdditiveLine): number[] {
  return [...line.terms, line.total];
}

/** The smallest published cell of a line (ties: the lowest index, so the answer is stable). */
function smallestPublished(
  table: AdditiveTable,
  marks: readonly (Suppression | null)[],
  cells: readonly number[],
): number | null {
  let best: number | null = null;
  for (const cell of cells) {
    if (marks[cell] !== null) continue;
    const value = table.values[cell] ?? 0;
    const bestValue = best === null ? Infinity : (table.values[best] ?? 0);
    if (best === null || value < bestValue || (value === bestValue && cell < best)) best = cell;
  }
  return best;
}

/** Step 2: no line keeps exactly one suppressed cell. */
function suppressLonelyCells(table: AdditiveTable, marks: (Suppression | null)[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of table.lines) {
      const cells = cellsOf(line);
      if (cells.filter((cell) => isUnknown(table, marks, cell)).length !== 1) continue;
      const partner = smallestPublished(table, marks, cells);
      if (partner === null) continue;
      marks[partner] = 'complementary';
      changed = true;
    }
  }
}

function suppressBesides(
  table: AdditiveTable,
  marks: (Suppression | null)[],
  determined: number,
): boolean {
  const candidates = table.lines
    .filter((line) => cellsOf(line).includes(determined))
    .flatMap(cellsOf);
  const partner = smallestPublished(table, marks, candidates);
  if (partner === null) return false;
  marks[partner] = 'complementary';
  return true;
}

const EPSILON = 1e-9;

/**
 * Step 3: the first suppressed cell that the lines determine, or null. The lines restricted to
 * the suppressed cells form a matrix A (known values move to the right-hand side); a cell is
 * determined when, in the reduced row echelon form of A, it is a pivot whose row has no other
 * entry: every solution then gives it the same value.
 */
export function firstDeterminedCell(
  table: AdditiveTable,
  marks: readonly (Suppression | null)[],
): number | null {
  const unknowns = marks.flatMap((_, cell) => (isUnknown(table, marks, cell) ? [cell] : []));
  if (unknowns.length === 0) return null;
  const column = new Map(unknowns.map((cell, index) => [cell, index]));
  const rows: number[][] = [];
  for (const line of table.lines) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const [cell, sign] of [
      ...line.terms.map((cell, term) => [cell, line.weights?.[term] ?? 1] as const),
      [line.total, -1] as const,
    ]) {
      const index = column.get(cell);
      if (index === undefined) continue;
      row[index] = (row[index] ?? 0) + sign;
      any = true;
    }
    if (any) rows.push(row);
  }
  const pivots = reduceRows(rows, unknowns.length);
  for (const [rowIndex, pivotColumn] of pivots) {
    const row = rows[rowIndex] ?? [];
    const alone = row.every((entry, index) => index === pivotColumn || Math.abs(entry) < EPSILON);
    if (alone) return unknowns[pivotColumn] ?? null;
  }
  return null;
}

/** Gauss-Jordan elimination in place; returns [row, pivot column] pairs. */
function reduceRows(rows: number[][], columns: number): [number, number][] {
  const pivots: [number, number][] = [];
  let pivotRow = 0;
  for (let col = 0; col < columns && pivotRow < rows.length; col++) {
    let best = -1;
    for (let r = pivotRow; r < rows.length; r++) {
      if (Math.abs(rows[r]?.[col] ?? 0) > EPSILON) {
        best = r;
        break;
      }
    }
    if (best === -1) continue;
    const swap = rows[best] as number[];
    rows[best] = rows[pivotRow] as number[];
    rows[pivotRow] = swap;
    const pivot = swap[col] as number;
    for (let c = 0; c < columns; c++) swap[c] = (swap[c] as number) / pivot;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as number[];
      const factor = row[col] as number;
      if (r === pivotRow || Math.abs(factor) < EPSILON) continue;
      for (let c = 0; c < columns; c++) row[c] = (row[c] as number) - factor * (swap[c] as number);
    }
    pivots.push([pivotRow, col]);
    pivotRow++;
  }
  return pivots;
}
