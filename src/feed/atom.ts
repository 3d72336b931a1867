import { XMLBuilder } from 'fast-xml-parser';
import { xmlCarriable } from '../../events/index.js';
import type { FeedMessage } from './feed-message.js';

/**
 * Text made safe to place in XML: the builder escapes markup; characters XML 1.0 cannot carry
 * become U+FFFD (input refuses them, but developments stored before that may hold some).
 */
export const xmlSafe = xmlCarriable;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  suppressEmptyNode: true,
  // Every string passes through here, the attributes' too: nothing reaches the document unsanitised.
  tagValueProcessor: (_name, value) => (typeof value === 'string' ? xmlSafe(value) : value),
  attributeValueProcessor: (_name, value) => (typeof value === 'string' ? xmlSafe(value) : value),
});

export interface AtomLinks {
  /** Where the service is reached; empty for links relative to the feed's own address. */
  base: string;
  /** The feed's path and query, as asked for. */
  path: string;
}

const htmlEscape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** An Atom 1.0 document with one entry per development, newest change first. */
export function atomFeed(messages: FeedMessage[], links: AtomLinks): { xml: string; updated: string } {
  const seen = new Set<string>();
  const latest = messages.filter((m) => !seen.has(m.development.id) && seen.add(m.development.id));
  const updated = latest[0]?.recordedAt ?? new Date(0).toISOString();
  const entry = latest.map(({ development: d, recordedAt, kind }) => {
    // The same address answers the page to a browser and JSON to a client (content negotiation).
    const href = `${links.base}/developments/${d.id}`;
    const sources = d.sources
      .map(
        (s) =>
          `<li>${htmlEscape(s.title)}${s.url ? ` (${htmlEscape(s.url)})` : ''}${s.document ? ` [${htmlEscape(s.document)}]` : ''}: “${htmlEscape(s.quote)}”</li>`,
      )
      .join('');
    const content =
      `<p>${htmlEscape(d.summary)}</p><p>Date: ${htmlEscape(d.date)}${d.dateNote ? ` (${htmlEscape(d.dateNote)})` : ''}</p>` +
      `<p>Subjects: ${htmlEscape(d.subjects.join(', '))}</p><ul>${sources}</ul>${kind === 'DevelopmentRetracted' ? '<p>Retracted.</p>' : ''}`;
    return {
      id: `urn:uuid:${d.id}`,
      title: `${d.retracted ? '[retracted] ' : ''}${d.summary}`,
      updated: recordedAt,
      published: d.recordedAt,
      link: [
        { '@rel': 'alternate', '@type': 'text/html', '@href': href },
        { '@rel': 'alternate', '@type': 'application/json', '@href': href },
      ],
      category: [{ '@term': d.type }, ...d.subjects.map((s) => ({ '@term': s, '@label': 'subject' }))],
      content: { '@type': 'html', '#text': content },
    };
  });
  const xml = builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    feed: {
      '@xmlns': 'http://www.w3.org/2005/Atom',
      id: `urn:timeline:feed:${links.path}`,
      title: 'Timeline: new developments',
      updated,
      author: { name: 'Timeline' },
      link: { '@rel': 'self', '@type': 'application/atom+xml', '@href': `${links.base}${links.path}` },
      entry,
    },
  }) as string;
  return { xml, updated };
}
