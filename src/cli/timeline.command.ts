import { QueryBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { GetTimeline } from '../developments/timeline/timeline.query.js';
import { openContext } from './context.js';
import { pages } from './pages.js';
import { validated } from './validated.js';

/** `timeline timeline [filters]`: the same query as GET /timeline, as a table or JSON lines. */
export async function timelineCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      type: { type: 'string' },
      subject: { type: 'string' },
      country: { type: 'string' },
      origin: { type: 'string' },
      q: { type: 'string' },
      'known-at': { type: 'string' },
      'published-by': { type: 'string' },
      'include-retracted': { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const {
    json,
    'known-at': knownAt,
    'published-by': publishedBy,
    'include-retracted': includeRetracted,
    ...filters
  } = values;
  const query = await validated(TimelineQueryDto, {
    ...filters,
    knownAt,
    publishedBy,
    includeRetracted: includeRetracted ? 'true' : undefined,
    limit: filters.limit ?? '500',
  });
  if (!query) return 2;
  const { context } = await openContext();
  try {
    const bus = context.get(QueryBus);
    for await (const page of pages((cursor) => bus.execute(new GetTimeline(Object.assign(query, { cursor }))))) {
      for (const d of page.developments) {
        process.stdout.write(
          json ? `${JSON.stringify(d)}\n` : `${d.date.padEnd(12)} ${d.type.padEnd(28)} ${d.summary}\n`,
        );
      }
      // An explicit --limit asks for one page.
      if (values.limit) break;
    }
    return 0;
  } finally {
    await context.close();
  }
}
