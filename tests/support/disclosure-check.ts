import type {
  Accountability,
  DistrictStatistics,
  SuppressibleCount,
} from '../../shared/schemas/accountability.js';

/**
 * What a reader of one accountability answer can work out by linear sums. Every figure the
 * answer prints is known; every suppressed cell, and every figure it never prints (the row of
 * calls without a district, a district's total of responses), is an unknown. The tables:
 * incidents districts × categories, measured and officer-initiated responses districts ×
 * priorities, ratings districts × 1–5 (with the sum of ratings that a printed mean gives).
 */
interface Term {
  /** A printed value, or the name of an unknown. */
  known?: number;
  unknown?: string;
  /** The unknown is a printed cell that was suppressed (not a figure never printed). */
  suppressed?: boolean;
  weight?: number;
}
type Line = Term[]; // Σ weight·term = 0

function term(cell: SuppressibleCount, name: string, weight = 1): Term {
  return cell.value === null
    ? { unknown: name, suppressed: true, weight }
    : { known: cell.value, weight };
}

function additive(terms: Term[], total: Term): Line {
  return [...terms, { ...total, weight: -(total.weight ?? 1) }];
}

function gridLines(
  districts: readonly DistrictStatistics[],
  total: DistrictStatistics,
  prefix: string,
  columns: readonly string[],
  cellOf: (s: DistrictStatistics, column: string) => SuppressibleCount,
  rowTotalOf: ((s: DistrictStatistics) => SuppressibleCount) | null,
): Line[] {
  const lines: Line[] = [];
  const name = (district: string, column: string) => `${prefix}:${district}:${column}`;
  const elsewhere = (column: string) => ({ unknown: name('(elsewhere)', column) });
  const rowTotal = (s: DistrictStatistics): Term =>
    rowTotalOf
      ? term(rowTotalOf(s), name(s.district ?? '*', '*'))
      : { unknown: name(s.district ?? '*', '*') };
  for (const s of districts) {
    lines.push(
      additive(
        columns.map((c) => term(cellOf(s, c), name(s.district ?? '', c))),
        rowTotal(s),
      ),
    );
  }
  for (const c of columns) {
    lines.push(
      additive(
        [...districts.map((s) => term(cellOf(s, c), name(s.district ?? '', c))), elsewhere(c)],
        term(cellOf(total, c), name('*', c)),
      ),
    );
  }
  lines.push(
    additive(
      columns.map((c) => term(cellOf(total, c), name('*', c))),
      rowTotal(total),
    ),
  );
  lines.push(
    additive([...districts.map(rowTotal), { unknown: name('(elsewhere)', '*') }], rowTotal(total)),
  );
  lines.push(additive(columns.map(elsewhere), { unknown: name('(elsewhere)', '*') }));
  return lines;
}

export function readerLines(answer: Accountability, which: 'current' | 'previous'): Line[] {
  const all = [...answer.districts];
  const total = answer.total;
  const categories = total[which].incidents.byCategory.map((c) => c.category);
  const priorities = total[which].responses.map((r) => String(r.priority));
  const lines = [
    ...gridLines(
      all,
      total,
      'incidents',
      categories,
      (s, c) =>
        s[which].incidents.byCategory.find((x) => x.category === c)?.count as SuppressibleCount,
      (s) => s[which].incidents.total,
    ),
    ...gridLines(
      all,
      total,
      'measured',
      priorities,
      (s, p) =>
        s[which].responses.find((r) => String(r.priority) === p)?.count as SuppressibleCount,
      null,
    ),
    ...gridLines(
      all,
      total,
      'initiated',
      priorities,
      (s, p) =>
        s[which].responses.find((r) => String(r.priority) === p)
          ?.officerInitiated as SuppressibleCount,
      null,
    ),
    ...gridLines(
      all,
      total,
      'ratings',
      ['1', '2', '3', '4', '5'],
      (s, r) => s[which].feedback.ratings[Number(r) - 1] as SuppressibleCount,
      (s) => s[which].feedback.count,
    ),
  ];
  for (const s of [...all, total]) {
    const { mean, count, ratings } = s[which].feedback;
    if (mean === null || count.value === null) continue;
    lines.push([
      ...ratings.map((cell, i) => term(cell, `ratings:${s.district ?? '*'}:${i + 1}`, i + 1)),
      { known: -mean * count.value },
    ]);
  }
  return lines;
}

function rank(matrix: number[][]): number {
  const rows = matrix.map((row) => [...row]);
  const columns = rows[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < columns && r < rows.length; c++) {
    let pivot = -1;
    for (let i = r; i < rows.length; i++) if (Math.abs(rows[i]?.[c] ?? 0) > 1e-9) pivot = i;
    if (pivot === -1) continue;
    [rows[r], rows[pivot]] = [rows[pivot] as number[], rows[r] as number[]];
    const top = rows[r] as number[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number[];
      if (i === r || Math.abs(row[c] ?? 0) < 1e-9) continue;
      const factor = (row[c] as number) / (top[c] as number);
      for (let j = 0; j < columns; j++) row[j] = (row[j] as number) - factor * (top[j] as number);
    }
    r++;
  }
  return r;
}

/** The suppressed cells a reader can recover exactly, by name. */
export function recoverableCells(lines: readonly Line[]): string[] {
  const suppressed = new Set(
    lines.flatMap((line) => line.flatMap((t) => (t.suppressed && t.unknown ? [t.unknown] : []))),
  );
  const only = (name: string) => suppressed.has(name);
  const names = [
    ...new Set(lines.flatMap((line) => line.flatMap((t) => (t.unknown ? [t.unknown] : [])))),
  ];
  const index = new Map(names.map((n, i) => [n, i]));
  const matrix = lines
    .map((line) => {
      const row = new Array<number>(names.length).fill(0);
      for (const t of line) {
        if (!t.unknown) continue;
        const i = index.get(t.unknown) as number;
        row[i] = (row[i] ?? 0) + (t.weight ?? 1);
      }
      return row;
    })
    .filter((row) => row.some((v) => v !== 0));
  const base = rank(matrix);
  return names.filter((n, i) => {
    if (!only(n)) return false;
    const unit = new Array<number>(names.length).fill(0);
    unit[i] = 1;
    return rank([...matrix, unit]) === base;
  });
}

/**
 * Lines whose every figure is printed but exactly one suppressed cell: that cell is the line's
 * total minus the rest. (Lines holding a figure never printed are the rank check's business.)
 */
export function linesWithOneSuppressed(lines: readonly Line[]): Line[] {
  return lines.filter(
    (line) =>
      line.every((t) => !t.unknown || t.suppressed) && line.filter((t) => t.unknown).length === 1,
  );
}
