import { QueryBus } from '@nestjs/cqrs';
import { parseArgs } from 'node:util';
import { StateQueryDto } from '../views/state-query.dto.js';
import { GetState } from '../views/state.query.js';
import { openContext } from './context.js';
import { validated } from './validated.js';

/** `timeline state <view> [--as-of D] [--known-at T] [--published-by D] [--country CC] [--origin CC] [--subject S] [--status X] [--certain] [--json]` */
export async function stateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      'known-at': { type: 'string' },
      'published-by': { type: 'string' },
      country: { type: 'string' },
      subject: { type: 'string' },
      origin: { type: 'string' },
      status: { type: 'string' },
      certain: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [view] = positionals;
  if (!view) {
    process.stderr.write(
      'usage: timeline state <view> [--as-of YYYY-MM-DD] [--known-at T] [--published-by YYYY-MM-DD] ' +
        '[--country CC] [--origin CC] [--subject S] [--status X] [--certain] [--json]\n',
    );
    return 2;
  }
  const query = await validated(
    StateQueryDto,
    {
      asOf: values['as-of'],
      knownAt: values['known-at'],
      publishedBy: values['published-by'],
      country: values.country,
      subject: values.subject,
      origin: values.origin,
      status: values.status,
      certainty: values.certain ? 'certain' : undefined,
      limit: values.limit ?? '500',
    },
    { certainty: '--certain' },
  );
  if (!query) return 2;
  const { context } = await openContext();
  try {
    const page = await context.get(QueryBus).execute(new GetState(view, query));
    for (const row of page.rows) {
      process.stdout.write(
        values.json
          ? `${JSON.stringify(row)}\n`
          : `${row.key.padEnd(44)} ${row.certainty.padEnd(11)} since ${row.since.text.padEnd(24)} ${summary(row.value)}` +
              ` (last reported ${row.lastReported.text})\n`,
      );
    }
    if (!values.json)
      process.stderr.write(`${page.rows.length} rows of ${view} as of ${page.asOf}, known at ${page.knownAt}\n`);
    return 0;
  } finally {
    await context.close();
  }
}

function summary(value: Record<string, unknown>): string {
  const fields = ['status', 'kind', 'country', 'owner', 'licensor', 'licensee', 'title', 'modes', 'latest'];
  return fields
    .filter((f) => value[f] !== undefined)
    .map((f) => `${f}=${typeof value[f] === 'object' ? JSON.stringify(value[f]) : String(value[f])}`)
    .join(' ');
}
