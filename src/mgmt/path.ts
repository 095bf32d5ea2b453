/**
 * The one function that builds management API paths. Every segment is percent-encoded, so
 * the default vhost `/` is always `%2F` and names with spaces, `#`, `%` or `?` stay one segment.
 */
export function path(...segments: Array<string | number>): string {
  return `/api/${segments.map((s) => encodeSegment(String(s))).join('/')}`;
}

export function encodeSegment(s: string): string {
  // encodeURIComponent leaves !'()* alone; they are legal in a path segment and RabbitMQ accepts them.
  return encodeURIComponent(s);
}

/** Query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
