/** Tags come back as an array (3.10+) or a comma-separated string (older brokers). */
export function tagList(tags: unknown): string[] {
  if (Array.isArray(tags)) return tags.map(String).filter(Boolean);
  if (typeof tags === 'string') return tags.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}
