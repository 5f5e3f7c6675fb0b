import type { AdditiveLine, AdditiveTable } from './suppression.js';

/**
 * A table of rows × columns with its margins, as cells and additive lines for suppressTable:
 * each row's cells sum to its row total, each column's cells to its column total, and the row
 * totals (and the column totals) to the grand total. Rows include those never printed (calls
 * without a district): they are part of the sums a reader can take.
 */
export class AdditiveGrid<Row extends string, Column extends string> {
  readonly values: number[] = [];
  readonly lines: AdditiveLine[] = [];
  private readonly cellIndex = new Map<string, number>();
  private readonly rowTotalIndex = new Map<Row, number>();
  private readonly columnTotalIndex = new Map<Column, number>();
  private readonly grandTotalIndex: number;

  constructor(
    readonly rows: readonly Row[],
    readonly columns: readonly Column[],
    value: (row: Row, column: Column) => number,
  ) {
    let grand = 0;
    const columnSums = new Map<Column, number>(columns.map((column) => [column, 0]));
    for (const row of rows) {
      const terms: number[] = [];
      let rowSum = 0;
      for (const column of columns) {
        const v = value(row, column);
        rowSum += v;
        columnSums.set(column, (columnSums.get(column) ?? 0) + v);
        terms.push(this.add(v));
        this.cellIndex.set(key(row, column), terms.at(-1) as number);
      }
      const total = this.add(rowSum);
      this.rowTotalIndex.set(row, total);
      this.lines.push({ terms, total });
      grand += rowSum;
    }
    for (const column of columns) {
      this.columnTotalIndex.set(column, this.add(columnSums.get(column) ?? 0));
    }
    this.grandTotalIndex = this.add(grand);
    for (const column of columns) {
      this.lines.push({
        terms: rows.map((row) => this.cell(row, column)),
        total: this.columnTotal(column),
      });
    }
    this.lines.push({ terms: rows.map((row) => this.rowTotal(row)), total: this.grandTotalIndex });
    this.lines.push({
      terms: columns.map((column) => this.columnTotal(column)),
      total: this.grandTotalIndex,
    });
  }

  private add(value: number): number {
    this.values.push(value);
    return this.values.length - 1;
  }

  cell(row: Row, column: Column): number {
    return this.cellIndex.get(key(row, column)) as number;
  }
  rowTotal(row: Row): number {
    return this.rowTotalIndex.get(row) as number;
  }
  columnTotal(column: Column): number {
    return this.columnTotalIndex.get(column) as number;
  }
  grandTotal(): number {
    return this.grandTotalIndex;
  }
  table(): AdditiveTable {
    return { values: this.values, lines: this.lines };
  }
}

function key(row: string, column: string): string {
  return `${row}\u0000${column}`;
}
