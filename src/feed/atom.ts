import { xmlCarriable } from '../../events/index.js';
import type { FeedMessage } from './feed-message.js';

// Characters XML cannot carry become U+FFFD: input refuses them, but older events may hold them.
const escapeXml = (text: string) =>
  xmlCarriable(text).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** An Atom 1.0 document with one entry per development, newest change first. */
export function atomFeed(messages: FeedMessage[], selfUrl: string, baseUrl: string): string {
  const seen = new Set<string>();
  const latest = messages.filter((m) => !seen.has(m.development.id) && seen.add(m.development.id));
  const updated = latest[0]?.recordedAt ?? new Date(0).toISOString();
  const entries = latest.map(({ development: d, recordedAt, kind }) => {
    const link = `${baseUrl}/developments/${d.id}`;
    const sources = d.sources
      .map(
        (s) =>
          `<li>${escapeXml(s.title)}${s.url ? ` (${escapeXml(s.url)})` : ''}${s.document ? ` [${escapeXml(s.document)}]` : ''}: “${escapeXml(s.quote)}”</li>`,
      )
      .join('');
    const content =
      `<p>${escapeXml(d.summary)}</p><p>Date: ${escapeXml(d.date)}${d.dateNote ? ` (${escapeXml(d.dateNote)})` : ''}</p>` +
      `<p>Subjects: ${escapeXml(d.subjects.join(', '))}</p><ul>${sources}</ul>${kind === 'DevelopmentRetracted' ? '<p>Retracted.</p>' : ''}`;
    return `  <entry>
    <id>urn:uuid:${d.id}</id>
    <title>${escapeXml(`${d.retracted ? '[retracted] ' : ''}${d.summary}`)}</title>
    <updated>${recordedAt}</updated>
    <published>${d.recordedAt}</published>
    <link rel="alternate" type="application/json" href="${escapeXml(link)}"/>
    <category term="${escapeXml(d.type)}"/>
${d.subjects.map((s) => `    <category term="${escapeXml(s)}" label="subject"/>`).join('\n')}
    <content type="html">${escapeXml(content)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:timeline:feed:${escapeXml(selfUrl)}</id>
  <title>Timeline: new developments</title>
  <updated>${updated}</updated>
  <author><name>Timeline</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(selfUrl)}"/>
${entries.join('\n')}
</feed>
`;
}
