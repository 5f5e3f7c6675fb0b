import { RATING_MAX, RATING_MIN } from '../../../shared/schemas/response-constants.js';

/** One bar of a rating distribution: how many gave `rating`, and its share of all, in %. */
export interface RatingBar {
  rating: number;
  count: number;
  percent: number;
}

/** Ratings from the highest down, as people read a review summary. */
export function ratingBars(distribution: readonly number[]): RatingBar[] {
  const total = distribution.reduce((sum, count) => sum + count, 0);
  const bars: RatingBar[] = [];
  for (let rating = RATING_MAX; rating >= RATING_MIN; rating--) {
    const count = distribution[rating - RATING_MIN] ?? 0;
    bars.push({ rating, count, percent: total === 0 ? 0 : Math.round((count / total) * 100) });
  }
  return bars;
}

/** A mean rating as printed: one decimal, in the locale's form. */
export function formatMean(mean: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(mean);
}
