import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';
import { READ_MODEL } from '../tokens.js';
import type { ReadModelParts } from '../views/build/open-read-model.js';
import { verifyReadModel } from '../views/build/verify.js';
import { openContext } from './context.js';
import { buildProgress } from './progress.js';

/** `timeline rebuild [view]`: rebuilds one view, or all, from the development history. */
export async function rebuildCommand(args: string[]): Promise<number> {
  const { context } = await openContext();
  try {
    const parts = context.get<ReadModelParts>(READ_MODEL);
    const engine = parts.views;
    const [name] = args;
    const chosen = name ? engine.projections.filter((p) => p.name === name) : engine.projections;
    if (chosen.length === 0) {
      process.stderr.write(`no view ${name}; views: ${engine.projections.map((p) => p.name).join(', ')}\n`);
      return 2;
    }
    engine.markForBuild(chosen);
    await parts.ready(buildProgress());
    return 0;
  } finally {
    await context.close();
  }
}

/** `timeline verify`: rebuilds the read model into a scratch file and compares it row for row; exit 1 on any difference. */
export async function verifyCommand(): Promise<number> {
  const { context, config } = await openContext();
  const scratch = join(config.dataDir, `verify-${process.pid}.db`);
  try {
    const differences = await verifyReadModel(
      context.get<EventStore>(EVENT_STORE),
      context.get<ReadModelParts>(READ_MODEL).views.store,
      scratch,
    );
    if (differences.length === 0) {
      process.stdout.write('read model matches a rebuild from the log\n');
      return 0;
    }
    for (const d of differences)
      process.stdout.write(
        `${d.table}:\n  live:    ${JSON.stringify(d.live)}\n  rebuilt: ${JSON.stringify(d.rebuilt)}\n`,
      );
    return 1;
  } finally {
    await context.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratch}${suffix}`, { force: true });
  }
}
