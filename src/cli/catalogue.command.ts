import { catalogueEntries } from '../../events/index.js';

/** `timeline catalogue [--json]`: the event types, with their JSON Schemas under --json. */
export async function catalogueCommand(args: string[]): Promise<number> {
  const entries = catalogueEntries();
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  } else {
    for (const entry of entries)
      process.stdout.write(`${entry.type.padEnd(28)} ${entry.kind.padEnd(12)} ${entry.description}\n`);
  }
  return 0;
}
