import { QueryBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { ExpectationsQueryDto, GetExpectations } from '../views/expectations.query.js';
import { openContext } from './context.js';
import { validated } from './validated.js';

/** `timeline expectations [--as-of D] [--status S] [--type T] [--view V] [--country CC] [--origin CC] [--subject S] [--published-by D] [--json]` */
export async function expectationsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'as-of': { type: 'string' },
      'known-at': { type: 'string' },
      'published-by': { type: 'string' },
      status: { type: 'string' },
      type: { type: 'string' },
      view: { type: 'string' },
      country: { type: 'string' },
      origin: { type: 'string' },
      subject: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const query = await validated(ExpectationsQueryDto, {
    asOf: values['as-of'],
    knownAt: values['known-at'],
    publishedBy: values['published-by'],
    status: values.status,
    type: values.type,
    view: values.view,
    country: values.country,
    origin: values.origin,
    subject: values.subject,
    limit: values.limit ?? '500',
  });
  if (!query) return 2;
  const { context } = await openContext();
  try {
    const page = await context.get(QueryBus).execute(new GetExpectations(query));
    for (const e of page.expectations) {
      process.stdout.write(
        values.json
          ? `${JSON.stringify(e)}\n`
          : `${e.status.padEnd(9)} ${e.type.padEnd(28)} ${e.view}/${e.key} (${e.row}): ${e.statusText}` +
              ` [row ${e.certainty}, last reported ${e.lastReported.text}]\n`,
      );
    }
    if (!values.json) process.stderr.write(`${page.expectations.length} expectations as of ${page.asOf}\n`);
    return 0;
  } finally {
    await context.close();
  }
}
