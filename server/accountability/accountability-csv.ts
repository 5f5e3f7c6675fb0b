import type {
  Accountability,
  DistrictStatistics,
  PeriodFigures,
  SuppressibleCount,
} from '../../shared/schemas/accountability.js';
import { csvNumber, csvRecord, csvText } from '../export/csv.js';

/**
 * The accountability table as CSV, one figure per row ("long" layout, one header for every
 * figure, so a spreadsheet's pivot table or a `GROUP BY` reads it directly):
 *
 *   window     current | previous
 *   from, to   the window, ISO 8601 UTC, [from, to)
 *   district   the district's name; empty for the whole area
 *   figure     incidents | responses | officer_initiated | to_dispatch_median | to_dispatch_p90
 *              | to_scene_median | to_scene_p90 | on_scene_median | on_scene_p90
 *              | within_target | target_seconds | feedback_count | feedback_mean | rating
 *   priority   1–5 for the response figures, else empty
 *   category   a category slug for incidents by category; empty for the incident total
 *   rating     1–5 for `rating` (how many gave it), else empty
 *   value      the figure (counts, seconds, a share 0–1, a mean); empty when suppressed
 *   suppressed fewer_than_k | complementary | empty. A median, p90 or share is fewer_than_k
 *              when its own values (e.g. responses that reached the scene) are fewer than k;
 *              a mean is complementary when it would give a suppressed rating away.
 */
export const ACCOUNTABILITY_CSV_HEADER = [
  'window',
  'from',
  'to',
  'district',
  'figure',
  'priority',
  'category',
  'rating',
  'value',
  'suppressed',
];

interface Row {
  figure: string;
  priority?: number;
  category?: string;
  rating?: number;
  value: number | null;
  suppressed?: string | null;
}

function counted(figure: string, cell: SuppressibleCount, rest: Partial<Row> = {}): Row {
  return { figure, value: cell.value, suppressed: cell.suppressed, ...rest };
}

function figureRows(figures: PeriodFigures): Row[] {
  const rows: Row[] = [counted('incidents', figures.incidents.total)];
  for (const { category, count } of figures.incidents.byCategory) {
    rows.push(counted('incidents', count, { category }));
  }
  for (const p of figures.responses) {
    const priority = p.priority;
    rows.push(counted('responses', p.count, { priority }));
    rows.push(counted('officer_initiated', p.officerInitiated, { priority }));
    const hidden = p.count.suppressed;
    const stat = (figure: string, value: number | null) =>
      rows.push({
        figure,
        priority,
        value,
        suppressed: value === null ? (hidden ?? 'fewer_than_k') : null,
      });
    stat('to_dispatch_median', p.toDispatch.median);
    stat('to_dispatch_p90', p.toDispatch.p90);
    stat('to_scene_median', p.toScene.median);
    stat('to_scene_p90', p.toScene.p90);
    stat('on_scene_median', p.onScene.median);
    stat('on_scene_p90', p.onScene.p90);
    stat('within_target', p.withinTarget);
    rows.push({ figure: 'target_seconds', priority, value: p.targetSeconds });
  }
  rows.push(counted('feedback_count', figures.feedback.count));
  rows.push({
    figure: 'feedback_mean',
    value: figures.feedback.mean,
    suppressed:
      figures.feedback.mean === null
        ? (figures.feedback.count.suppressed ?? 'complementary')
        : null,
  });
  figures.feedback.ratings.forEach((cell, i) =>
    rows.push(counted('rating', cell, { rating: i + 1 })),
  );
  return rows;
}

function districtRecords(
  statistics: DistrictStatistics,
  windows: { current: Accountability['period']; previous: Accountability['period'] },
): string[] {
  const records: string[] = [];
  for (const which of ['current', 'previous'] as const) {
    const window = windows[which];
    for (const row of figureRows(statistics[which])) {
      records.push(
        csvRecord([
          csvText(which),
          csvText(window.from),
          csvText(window.to),
          csvText(statistics.district ?? ''),
          csvText(row.figure),
          csvNumber(row.priority ?? null),
          csvText(row.category ?? ''),
          csvNumber(row.rating ?? null),
          csvNumber(row.value),
          csvText(row.suppressed ?? ''),
        ]),
      );
    }
  }
  return records;
}

export function accountabilityCsv(table: Accountability): string {
  const windows = { current: table.period, previous: table.previousPeriod };
  const records = [csvRecord(ACCOUNTABILITY_CSV_HEADER.map((name) => csvText(name)))];
  for (const statistics of [...table.districts, table.total]) {
    records.push(...districtRecords(statistics, windows));
  }
  return records.join('');
}
