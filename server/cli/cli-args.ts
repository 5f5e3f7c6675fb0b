import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Reads a command's arguments: `--help` (or `-h`) prints the usage and exits 0; arguments the
 * command does not take print the problem and the usage and exit 2.
 */
export function readCliArgs(
  usage: string,
  options: Options,
  positionals: { allow: boolean } = { allow: false },
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals.allow,
      strict: true,
    });
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help === true) {
      console.log(usage);
      process.exit(0);
    }
    return { values, positionals: parsed.positionals };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }
}
