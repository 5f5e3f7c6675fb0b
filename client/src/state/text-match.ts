/** Lower case without accents: "Ordnungsstörung" is found by "ordnungsstorung" too. */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();
}

/**
 * Whether every word typed occurs in the text, anywhere ("diebstahl" finds
 * "Fahrraddiebstahl", "veh cr" finds "Vehicle crime").
 */
export function matchesTyped(text: string, typed: string): boolean {
  const haystack = folded(text);
  return folded(typed)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
