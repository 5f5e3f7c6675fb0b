import type { Suppression } from '../../../../shared/schemas/accountability.js';
import type { MetricUnit, MetricValue } from './accountability-model.js';

/**
 * Figures as the view writes them, in the page's language: durations as minutes and seconds,
 * shares as percentages, ratings with one decimal. Withheld figures carry the reason's key.
 */

export type SuppressionKey = 'acc.suppressed.fewer_than_k' | 'acc.suppressed.complementary';

export function suppressionKey(suppression: Suppression): SuppressionKey {
  return `acc.suppressed.${suppression}`;
}

/** "7:05" for 425 s: minutes and seconds, the way response times are read out. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

export function formatFigure(locale: string, unit: MetricUnit, value: number): string {
  switch (unit) {
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'seconds':
      return formatDuration(value);
    case 'share':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
        value,
      );
    case 'rating':
      return new Intl.NumberFormat(locale, {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(value);
  }
}

/** A change with its sign ("+0:40", "−3", "+5 %"); shares change in percentage points. */
export function formatChange(locale: string, unit: MetricUnit, change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  const text =
    unit === 'share'
      ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(size * 100)} pp`
      : formatFigure(locale, unit, size);
  return `${sign}${text}`;
}

/** The text of a figure, or of why there is none (through `t` for the reason). */
export function describeValue(
  locale: string,
  unit: MetricUnit,
  value: MetricValue,
  t: (key: SuppressionKey | 'acc.noData') => string,
): string {
  if (value.kind === 'value') return formatFigure(locale, unit, value.value);
  if (value.kind === 'suppressed') return t(suppressionKey(value.suppression));
  return t('acc.noData');
}
