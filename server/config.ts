import { statSync } from 'node:fs';
import path from 'node:path';

/** The one reader of the environment. Every setting is typed and has a default. */
export interface Config {
  port: number;
  host: string;
  /** A real PostgreSQL with PostGIS; when absent, the embedded PGlite in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  logLevel: string;
  /** Writes per minute per API key (or per address without one). */
  writeRateLimitPerMinute: number;
  trustProxy: boolean;
  /** Live stream: missed events replayed at most, before a client is told to resync. */
  realtimeMaxBacklog: number;
  /** Live stream: packets queued for one socket before it counts as too slow. */
  realtimeMaxQueuedPackets: number;
  /** Live stream: how often the relay reads events when nothing woke it. */
  realtimePollMs: number;
  /** Live stream: origins besides the server's own whose pages may connect (embeds). */
  socketAllowedOrigins: string[];
  /** A hosted MapLibre style for the map; when absent, the built-in offline basemap. */
  basemapStyleUrl: string | null;
  /** Further origins the hosted style loads tiles, glyphs or sprites from (for the CSP). */
  basemapExtraOrigins: string[];
  /** A Protomaps PMTiles extract on this machine, served by this server as the basemap. */
  basemapPmtiles: string | null;
  /**
   * The sites that may embed: frame the embed pages, read the public API and tiles with CORS,
   * and hold an anonymous live stream. ['*'] (the default) = any site.
   */
  embedFrameAncestors: string[];
  /** Load the shipped demo data into a fresh database at start (default: embedded only). */
  demo: boolean;
  /** Run the incident simulator in-process when the database holds the demo data. */
  simulator: boolean;
  /** The in-process simulator's mean rate, incidents per minute (before time of day). */
  simulatorPerMinute: number;
  /** Place search: a Nominatim- or Photon-compatible address search; null = local places only. */
  geocoder: GeocoderOptions | null;
  /** Days an observation's exact place, raw text and reporter (and a tip) are kept. */
  observationRetentionDays: number;
  /** Flags from different residents that hide an observation pending review. */
  flagThreshold: number;
  /** Public tip counts of appeals move once per this many minutes (server/appeals). */
  appealTipWindowMinutes: number;
  /** Citizen observations per hour per account, device token and address. */
  observationsPerHour: number;
  /** Open311 GeoReport v2: api_keys of the civic apps that may POST requests (none: open). */
  open311ApiKeys: string[];
  /** PBKDF2 iterations per attempt of the anonymous report's proof of work (ALTCHA). */
  altchaCost: number;
  /** Accountability statistics: the smallest cell published, the time-to-scene targets. */
  accountability: AccountabilitySettings;
  /** Area alerts: how often the matcher looks unwoken; the VAPID subject of Web Push. */
  alerts: { pollMs: number; vapidSubject: string };
  /** People's sessions: idle and absolute lifetimes, the cookie's Secure flag, sign-in limits. */
  accounts: {
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    secureCookie: boolean;
    signInPerIpPerMinute: number;
  };
}

export class ConfigError extends Error {}

export interface AccountabilitySettings {
  /** Cells built on fewer records are suppressed. */
  k: number;
  /** Time-to-scene target per priority (1–5), seconds. */
  targets: Record<number, number>;
}

/** Defaults: minutes for the most urgent calls up to two hours for the least (a common CAD spread). */
export const DEFAULT_RESPONSE_TARGETS: Record<number, number> = {
  1: 420,
  2: 900,
  3: 1800,
  4: 3600,
  5: 7200,
};

/** RESPONSE_TARGET_SECONDS="1:420,2:900,…": priorities not named keep their default. */
function responseTargets(env: NodeJS.ProcessEnv): Record<number, number> {
  const raw = env.RESPONSE_TARGET_SECONDS;
  const targets = { ...DEFAULT_RESPONSE_TARGETS };
  if (raw === undefined || raw.trim() === '') return targets;
  for (const entry of raw.split(',')) {
    const match = /^\s*([1-5])\s*:\s*(\d{1,6})\s*$/.exec(entry);
    if (!match || Number(match[2]) < 1) {
      throw new ConfigError(
        `RESPONSE_TARGET_SECONDS must read like "1:420,2:900" (priority 1-5 : seconds 1-999999), got "${raw}"`,
      );
    }
    targets[Number(match[1])] = Number(match[2]);
  }
  return targets;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function httpUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http or https URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an http or https URL, got "${raw}"`);
  }
  return url;
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  return httpUrl(name, raw).href;
}

/** A comma-separated list of URLs, kept as their origins (what a CSP source names). */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const entries = (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry) => httpUrl(name, entry).origin);
}

/**
 * EMBED_FRAME_ANCESTORS: origins separated by spaces or commas, or `*` for any site (the
 * default: embeds are public data). Kept as origins, which CSP, CORS and the socket all compare.
 */
export function embedFrameAncestors(env: NodeJS.ProcessEnv): string[] {
  const entries = (env.EMBED_FRAME_ANCESTORS ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0 || entries.includes('*')) return ['*'];
  return [...new Set(entries.map((entry) => httpUrl('EMBED_FRAME_ANCESTORS', entry).origin))];
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${name} must be "on" or "off", got "${raw}"`);
}

/** A file that must exist when named: a typo fails at start, not as a blank map. */
function optionalFile(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const file = path.resolve(raw);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new ConfigError(`${name} must name a readable file, got "${raw}"`);
  return file;
}

function basemapPmtiles(env: NodeJS.ProcessEnv): string | null {
  const file = optionalFile(env, 'BASEMAP_PMTILES');
  if (file && env.BASEMAP_STYLE_URL) {
    throw new ConfigError('Set BASEMAP_PMTILES or BASEMAP_STYLE_URL, not both: each is a basemap');
  }
  return file;
}

/** The two address-search APIs the place search speaks (server/places/geocoder.ts). */
export type GeocoderFormat = 'nominatim' | 'photon';

export interface GeocoderOptions {
  url: string;
  format: GeocoderFormat;
  timeoutMs: number;
}

const GEOCODER_FORMATS: readonly GeocoderFormat[] = ['nominatim', 'photon'];

/** The format a URL names by its last path segment: `/api` is Photon's, anything else Nominatim's. */
function geocoderFormatOf(url: string): GeocoderFormat {
  const segments = new URL(url).pathname.split('/').filter((segment) => segment !== '');
  return segments.at(-1) === 'api' ? 'photon' : 'nominatim';
}

/** GEOCODER_URL, its format (GEOCODER_FORMAT, else read from the URL) and its timeout. */
function geocoder(env: NodeJS.ProcessEnv): GeocoderOptions | null {
  const url = optionalUrl(env, 'GEOCODER_URL');
  if (url === null) return null;
  const raw = env.GEOCODER_FORMAT;
  let format: GeocoderFormat;
  if (raw === undefined || raw === '') format = geocoderFormatOf(url);
  else if ((GEOCODER_FORMATS as readonly string[]).includes(raw)) format = raw as GeocoderFormat;
  else throw new ConfigError(`GEOCODER_FORMAT must be "nominatim" or "photon", got "${raw}"`);
  return { url, format, timeoutMs: integer(env, 'GEOCODER_TIMEOUT_MS', 1500, 100, 30_000) };
}

/** A comma-separated list of secrets, each at least 16 characters (guessable keys are refused). */
function secretList(env: NodeJS.ProcessEnv, name: string): string[] {
  const keys = (env[name] ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  if (keys.some((key) => key.length < 16)) {
    throw new ConfigError(`${name}: each key must be at least 16 characters`);
  }
  return keys;
}

/** VAPID_SUBJECT: a mailto: or https: URL push services may contact (RFC 8292, section 2.1). */
function vapidSubject(env: NodeJS.ProcessEnv): string {
  const raw = env.VAPID_SUBJECT;
  if (raw === undefined || raw === '') return 'mailto:alerts@openbeat.invalid';
  if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/.test(raw)) {
    throw new ConfigError(`VAPID_SUBJECT must be a mailto: or https: URL, got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    dbPoolMax: integer(env, 'DB_POOL_MAX', 10, 1, 500),
    logLevel: env.LOG_LEVEL ?? 'info',
    writeRateLimitPerMinute: integer(env, 'WRITE_RATE_LIMIT_PER_MINUTE', 1200, 1, 100_000_000),
    trustProxy: env.TRUST_PROXY === 'true',
    realtimeMaxBacklog: integer(env, 'REALTIME_MAX_BACKLOG', 10_000, 0, 10_000_000),
    realtimeMaxQueuedPackets: integer(env, 'REALTIME_MAX_QUEUED_PACKETS', 1_000, 1, 1_000_000),
    // Embedded: the poll is how other connections' commits are seen; real: LISTEN wakes it.
    realtimePollMs: integer(env, 'REALTIME_POLL_MS', databaseUrl ? 1000 : 250, 10, 60_000),
    socketAllowedOrigins: origins(env, 'SOCKET_ALLOWED_ORIGINS'),
    basemapStyleUrl: optionalUrl(env, 'BASEMAP_STYLE_URL'),
    basemapExtraOrigins: origins(env, 'BASEMAP_EXTRA_ORIGINS'),
    basemapPmtiles: basemapPmtiles(env),
    embedFrameAncestors: embedFrameAncestors(env),
    demo: onOff(env, 'DEMO', databaseUrl === undefined),
    simulator: onOff(env, 'SIMULATOR', true),
    simulatorPerMinute: integer(env, 'SIMULATOR_RATE', 6, 1, 6_000),
    geocoder: geocoder(env),
    observationsPerHour: integer(env, 'OBSERVATIONS_PER_HOUR', 5, 1, 100_000),
    observationRetentionDays: integer(env, 'OBSERVATION_RETENTION_DAYS', 90, 1, 36_500),
    flagThreshold: integer(env, 'FLAG_THRESHOLD', 3, 1, 1000),
    appealTipWindowMinutes: integer(env, 'APPEAL_TIP_WINDOW_MINUTES', 10, 1, 1440),
    altchaCost: integer(env, 'ALTCHA_COST', 1_000, 1, 1_000_000),
    open311ApiKeys: secretList(env, 'OPEN311_API_KEYS'),
    accountability: {
      k: integer(env, 'ACCOUNTABILITY_K', 5, 1, 1000),
      targets: responseTargets(env),
    },
    alerts: {
      pollMs: integer(env, 'ALERTS_POLL_MS', 1000, 50, 60_000),
      vapidSubject: vapidSubject(env),
    },
    accounts: {
      sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 12 * 60, 1, 525_600),
      sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 30 * 24, 1, 87_600),
      secureCookie: onOff(env, 'SESSION_COOKIE_SECURE', true),
      signInPerIpPerMinute: integer(env, 'SIGN_IN_PER_IP_PER_MINUTE', 20, 1, 100_000),
    },
  };
}
