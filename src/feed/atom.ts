import type { FeedMessage } from './feed-message.js';

const escape = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** An Atom 1.0 document with one entry per development, newest change first. */
export function atomFeed(messages: FeedMessage[], selfUrl: string, baseUrl: string): string {
  const seen = new Set<string>();
  const latest = messages.filter((m) => !seen.has(m.development.id) && seen.add(m.development.id));
  const updated = latest[0]?.recordedAt ?? new Date(0).toISOString();
  const entries = latest.map(({ development: d, recordedAt, kind }) => {
    const link = `${baseUrl}/developments/${d.id}`;
    const sources = d.sources.map((s) => `<li>${escape(s.title)}${s.url ? ` (${escape(s.url)})` : ''}${s.document ? ` [${escape(s.document)}]` : ''}: “${escape(s.quote)}”</li>`).join('');
    const content = `<p>${escape(d.summary)}</p><p>Date: ${escape(d.date)}${d.dateNote ? ` (${escape(d.dateNote)})` : ''}</p>`
      + `<p>Subjects: ${escape(d.subjects.join(', '))}</p><ul>${sources}</ul>${kind === 'DevelopmentRetracted' ? '<p>Retracted.</p>' : ''}`;
    return `  <entry>
    <id>urn:uuid:${d.id}</id>
    <title>${escape(`${d.retracted ? '[retracted] ' : ''}${d.summary}`)}</title>
    <updated>${recordedAt}</updated>
    <published>${d.recordedAt}</published>
    <link rel="alternate" type="application/json" href="${escape(link)}"/>
    <category term="${escape(d.type)}"/>
${d.subjects.map((s) => `    <category term="${escape(s)}" label="subject"/>`).join('\n')}
    <content type="html">${escape(content)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:timeline:feed:${escape(selfUrl)}</id>
  <title>Timeline: new developments</title>
  <updated>${updated}</updated>
  <author><name>Timeline</name></author>
  <link rel="self" type="application/atom+xml" href="${escape(selfUrl)}"/>
${entries.join('\n')}
</feed>
`;
}
