import { parseArgs } from 'node:util';

export interface IntegerSetting {
  /** The environment variable; the flag is its lower-case name (`ROUNDS` → `--rounds`). */
  env: string;
  fallback: number;
  min: number;
}

/** Reads integer settings from `--flag value` or the environment, with defaults and a floor. */
export function readIntegerSettings<Name extends string>(
  spec: Record<Name, IntegerSetting>,
): Record<Name, number> {
  const names = Object.keys(spec) as Name[];
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  const settings = {} as Record<Name, number>;
  for (const name of names) {
    const { env, fallback, min } = spec[name];
    const flag = values[name];
    const raw = typeof flag === 'string' ? flag : process.env[env];
    if (raw === undefined || raw === '') {
      settings[name] = fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      throw new Error(`${env} (--${name}) must be an integer ≥ ${min}, got "${raw}"`);
    }
    settings[name] = value;
  }
  return settings;
}
