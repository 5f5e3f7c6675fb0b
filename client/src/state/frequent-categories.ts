/** The categories most often among the incidents, most frequent first. */
export function frequentCategories(
  incidents: readonly { category: string }[],
  limit: number,
): string[] {
  const counts = new Map<string, number>();
  for (const { category } of incidents) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([slug]) => slug);
}
