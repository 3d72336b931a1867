import { QueryBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { GetReplay } from '../views/replay.query.js';
import { openContext } from './context.js';
import { pages } from './pages.js';
import { validated } from './validated.js';

/** `timeline replay [--subject S] [--country CC] [--type T] [--from D] [--to D] [--json]`: each development and what it changed. */
export async function replayCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      subject: { type: 'string' },
      country: { type: 'string' },
      type: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const { json, ...filters } = values;
  const query = await validated(TimelineQueryDto, { ...filters, limit: '500' });
  if (!query) return 2;
  const { context } = await openContext();
  try {
    const bus = context.get(QueryBus);
    for await (const page of pages((cursor) => bus.execute(new GetReplay(Object.assign(query, { cursor }))))) {
      for (const step of page.steps) {
        if (json) {
          process.stdout.write(`${JSON.stringify(step)}\n`);
          continue;
        }
        process.stdout.write(
          `${step.development.date.padEnd(12)} ${step.development.type.padEnd(28)} ${step.development.summary}\n`,
        );
        for (const c of step.changes)
          process.stdout.write(
            `${' '.repeat(13)}-> ${c.view}/${c.key}: ${c.before === null ? 'new row' : `changed ${c.changed.join(', ')}`}\n`,
          );
      }
    }
    return 0;
  } finally {
    await context.close();
  }
}
