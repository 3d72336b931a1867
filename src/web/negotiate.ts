/**
 * Whether a request asks for a page rather than JSON: `text/html` named with a higher weight than
 * `application/json`. A wildcard alone, or no Accept at all, keeps the JSON default for clients.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isNaN(weight)) continue;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, weight);
    if (type === 'application/json' || type === 'application/problem+json') json = Math.max(json, weight);
  }
  return html > 0 && html > json;
}
