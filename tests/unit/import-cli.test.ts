import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runImportCommand } from '../../server/cli/import-command.js';
import { IMPORT_FORMATS } from '../../server/import/formats.js';

// `npm run import -- …` up to the point where it would open a database: every case here stops
// before that, and DATABASE_URL names one that cannot be reached to make sure of it.

let printed: { out: string; err: string };

beforeEach(() => {
  vi.stubEnv('DATABASE_URL', 'postgres://127.0.0.1:1/unreachable');
  printed = { out: '', err: '' };
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    printed.out += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    printed.err += `${parts.join(' ')}\n`;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('npm run import', () => {
  it.each([[['--help']], [['-h']], [['districts', '--help']], [['csv', 'x.csv', '-h']]])(
    '%j names every kind of import and every incident format, and exits 0',
    async (args) => {
      expect(await runImportCommand(args)).toBe(0);
      expect(printed.out).toContain('usage: npm run import -- <districts|sf-calls|format>');
      expect(printed.out).toContain('npm run import -- districts <file.geojson> --name-property');
      expect(printed.out).toContain('npm run import -- sf-calls <file|->');
      for (const format of Object.keys(IMPORT_FORMATS)) expect(printed.out).toContain(format);
      expect(printed.err).toBe('');
    },
  );

  it.each([
    [[], 'say what to import'],
    [['shapes', 'x.geojson'], '"shapes" is neither districts nor a format'],
    [['districts', 'x.geojson'], 'districts needs --name-property'],
    [['districts', '--name-property', 'name'], 'districts takes one GeoJSON file'],
    [['districts', 'x.geojson', '--name-property', 'name', '--limit', '5'], "'--limit'"],
    [['sf-calls'], 'sf-calls takes one file'],
    [['sf-calls', 'a.csv', '--limit', '0'], '--limit must be a positive integer'],
    [['sf-calls', 'a.csv', '--source', 'x'], "'--source'"],
    [['chicago'], 'chicago takes one file'],
    [['chicago', 'a.csv', 'b.csv'], 'chicago takes one file'],
    [['csv', 'x.csv', '--lon', 'X'], 'format csv needs --source'],
    [['police-uk-csv', 'x.csv', '--colour', 'red'], "Unknown option '--colour'"],
    [['police-uk-csv', 'x.csv', '--limit', '0'], '--limit must be a positive integer'],
  ])('%j: says what is wrong, prints the usage and exits 2', async (args, problem) => {
    expect(await runImportCommand(args)).toBe(2);
    expect(printed.err).toContain(problem);
    expect(printed.err).toContain('usage: npm run import --');
    expect(printed.out).toBe('');
  });
});
