/**
 * Coordinates as people type or paste them, for the place search on the server and in the
 * browser: decimal pairs ("49.28, -123.12", "-123.12 49.28" when only one order is possible),
 * hemisphere letters ("49.28N 123.12W"), degrees-minutes(-seconds) ("49°16'48"N 123°7'12"W",
 * "49° 16.8' N, 123° 7.2' W"), geo: URIs (RFC 5870) and map links ("@49.28,-123.12,15z",
 * "#14/49.28/-123.12", "#map=14/49.28/-123.12").
 */

export interface TypedCoordinates {
  lon: number;
  lat: number;
  /** The zoom a map link carried, if any. */
  zoom?: number;
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const SIGNED = String.raw`[+-]?\d+(?:\.\d+)?`;

const GEO_URI = new RegExp(String.raw`^geo:(${SIGNED}),(${SIGNED})(?:,${SIGNED})?(?:;.*)?$`, 'i');
/** Google Maps: …/@lat,lon,15z (the zoom may also be given in metres, "500m"). */
const AT_LINK = new RegExp(String.raw`@(${SIGNED}),(${SIGNED})(?:,(${NUMBER})z)?(?![\d.])`);
/** OpenStreetMap and MapLibre hashes: #zoom/lat/lon or #map=zoom/lat/lon. */
const HASH_LINK = new RegExp(
  String.raw`(?:^|[#&?]|map=)(${NUMBER})/(${SIGNED})/(${SIGNED})(?=$|[&#?/])`,
);

/** One coordinate: an optional hemisphere before or after, degrees, optional minutes, seconds. */
const COMPONENT = String.raw`([NSEW])?\s*(${SIGNED})\s*(?:°\s*)?(?:(${NUMBER})\s*'\s*(?:(${NUMBER})\s*"\s*)?)?([NSEW])?`;
const PAIR = new RegExp(String.raw`^${COMPONENT}\s*(?:[,;/]\s*|\s)\s*${COMPONENT}$`);

interface Component {
  value: number;
  hemisphere: 'N' | 'S' | 'E' | 'W' | null;
}

/** The many ways of writing degree, minute and second signs, as the three PAIR reads. */
function normalise(text: string): string {
  return text
    .trim()
    .toUpperCase()
    .replace(/[º˚]/g, '°')
    .replace(/[′‘’´`]/g, "'")
    .replace(/[″“”]|''/g, '"')
    .replace(/\s+/g, ' ');
}

function component(parts: (string | undefined)[]): Component | null {
  const [before, degreesText, minutesText, secondsText, after] = parts;
  if (before && after) return null;
  if (degreesText === undefined) return null;
  const hemisphere = (before ?? after ?? null) as Component['hemisphere'];
  const signed = /^[+-]/.test(degreesText);
  const degrees = Math.abs(Number(degreesText));
  // With a hemisphere the sign is the letter's; both at once is a contradiction.
  if (hemisphere && signed) return null;
  let value = degrees;
  if (minutesText !== undefined) {
    const minutes = Number(minutesText);
    if (!Number.isInteger(degrees) || minutes >= 60) return null;
    value += minutes / 60;
    if (secondsText !== undefined) {
      const seconds = Number(secondsText);
      if (!Number.isInteger(minutes) || seconds >= 60) return null;
      value += seconds / 3600;
    }
  }
  const negative = degreesText.startsWith('-') || hemisphere === 'S' || hemisphere === 'W';
  return { value: negative ? -value : value, hemisphere };
}

const isLatitudeLetter = (h: Component['hemisphere']) => h === 'N' || h === 'S';
const isLongitudeLetter = (h: Component['hemisphere']) => h === 'E' || h === 'W';

/** Which of the two is the latitude: from the letters, else from the ranges, else lat first. */
function order(first: Component, second: Component): TypedCoordinates | null {
  const letters = [first.hemisphere, second.hemisphere];
  let latitudeFirst: boolean;
  if (letters.some(isLatitudeLetter) || letters.some(isLongitudeLetter)) {
    latitudeFirst = isLatitudeLetter(first.hemisphere) || isLongitudeLetter(second.hemisphere);
    const secondAgrees = latitudeFirst
      ? !isLatitudeLetter(second.hemisphere)
      : !isLongitudeLetter(second.hemisphere);
    const firstAgrees = latitudeFirst
      ? !isLongitudeLetter(first.hemisphere)
      : !isLatitudeLetter(first.hemisphere);
    if (!secondAgrees || !firstAgrees) return null;
  } else {
    latitudeFirst = !(Math.abs(first.value) > 90 && Math.abs(second.value) <= 90);
  }
  const [lat, lon] = latitudeFirst ? [first.value, second.value] : [second.value, first.value];
  return checked(lat, lon);
}

/** Minutes and seconds are sums of fractions: 123°7'12" is 123.12, not 123.11999999999999. */
const roundToNanodegrees = (value: number) => Math.round(value * 1e9) / 1e9;

function checked(lat: number, lon: number, zoom?: number): TypedCoordinates | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const point = { lon: roundToNanodegrees(lon), lat: roundToNanodegrees(lat) };
  return zoom === undefined || !Number.isFinite(zoom) ? point : { ...point, zoom };
}

/** The coordinates the text stands for, or null when it is not (only) a pair of coordinates. */
export function parseCoordinates(text: string): TypedCoordinates | null {
  if (text.length > 200) return null;
  const trimmed = text.trim();
  const geo = GEO_URI.exec(trimmed);
  if (geo) return checked(Number(geo[1]), Number(geo[2]));
  const at = AT_LINK.exec(trimmed);
  if (at) return checked(Number(at[1]), Number(at[2]), at[3] ? Number(at[3]) : undefined);
  const hash = HASH_LINK.exec(trimmed);
  if (hash) return checked(Number(hash[2]), Number(hash[3]), Number(hash[1]));
  const pair = PAIR.exec(normalise(trimmed));
  if (!pair) return null;
  const first = component(pair.slice(1, 6));
  const second = component(pair.slice(6, 11));
  if (!first || !second) return null;
  return order(first, second);
}

/** "49.28000, -123.12000": latitude first, as people write them, five decimals (~1 m). */
export function formatCoordinates({ lat, lon }: { lat: number; lon: number }): string {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}
