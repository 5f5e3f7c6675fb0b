/**
 * The browser's position, for "near me": asked once per click, used to move the map, and never
 * stored or sent anywhere.
 */
export type LocateResult =
  { ok: true; lon: number; lat: number } | { ok: false; reason: 'denied' | 'unavailable' };

const LOCATE_TIMEOUT_MS = 15_000;
/** A position a minute old is still where the person is, and answers at once. */
const MAX_AGE_MS = 60_000;

export function locate(
  geolocation: Geolocation | undefined = 'geolocation' in navigator
    ? navigator.geolocation
    : undefined,
) {
  return new Promise<LocateResult>((resolve) => {
    if (!geolocation) {
      resolve({ ok: false, reason: 'unavailable' });
      return;
    }
    geolocation.getCurrentPosition(
      (position) => {
        resolve({ ok: true, lon: position.coords.longitude, lat: position.coords.latitude });
      },
      (error) => {
        resolve({
          ok: false,
          reason: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable',
        });
      },
      { enableHighAccuracy: false, timeout: LOCATE_TIMEOUT_MS, maximumAge: MAX_AGE_MS },
    );
  });
}
