/** A Content-Security-Policy header as its directives: `{ 'frame-ancestors': ["'none'"], … }`. */
export function cspDirectives(header: unknown): Record<string, string[]> {
  if (typeof header !== 'string') return {};
  const entries = header
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter((parts) => parts[0] !== '')
    .map(([name = '', ...sources]) => [name, sources]);
  return Object.fromEntries(entries) as Record<string, string[]>;
}

/** A Vary header's fields, lower case. */
export function varyFields(header: string | string[] | number | undefined): string[] {
  return [header ?? '']
    .flat()
    .join(',')
    .split(',')
    .map((field) => field.trim().toLowerCase())
    .filter((field) => field !== '');
}
