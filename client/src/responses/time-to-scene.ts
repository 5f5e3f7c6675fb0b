import type { ResponseFigures } from '../../../shared/schemas/response.js';

/**
 * How the map sorts responses by time to scene: upper bounds in minutes. Officer-initiated
 * incidents (no call: arrival logged at receipt) are kept out of response times, as in the
 * statistics, so they get a band of their own rather than a flattering "0 minutes".
 */
export const TIME_TO_SCENE_BOUNDS_MIN = [5, 10, 20] as const;

export const TIME_TO_SCENE_BANDS = ['le5', 'le10', 'le20', 'over20'] as const;
export type TimeToSceneBand = (typeof TIME_TO_SCENE_BANDS)[number] | 'not_yet' | 'officer';

export function timeToSceneBand(
  figures: Pick<ResponseFigures, 'toSceneSeconds'>,
  officerInitiated: boolean,
): TimeToSceneBand {
  if (officerInitiated) return 'officer';
  const seconds = figures.toSceneSeconds;
  if (seconds === null) return 'not_yet';
  const minutes = seconds / 60;
  const index = TIME_TO_SCENE_BOUNDS_MIN.findIndex((bound) => minutes <= bound);
  return TIME_TO_SCENE_BANDS[index === -1 ? TIME_TO_SCENE_BANDS.length - 1 : index] ?? 'over20';
}

/** A duration in whole minutes and seconds, for "12 min 5 s" (rounded to the second). */
export function minutesAndSeconds(seconds: number): { minutes: number; seconds: number } {
  const whole = Math.max(0, Math.round(seconds));
  return { minutes: Math.floor(whole / 60), seconds: whole % 60 };
}
