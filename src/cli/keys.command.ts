import { parseArgs } from 'node:util';
import { KeyFile } from '../auth/key-file.js';
import { loadConfig } from '../config.js';

const USAGE = 'usage: timeline keys create [--label TEXT] | list [--json] | rotate <id> | revoke <id>';

/**
 * `timeline keys ...`: the write keys kept (hashed) in the data directory. A key is shown once, when
 * it is created or rotated; a running service sees the change within a second.
 */
export async function keysCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { label: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [action, id] = positionals;
  const config = loadConfig();
  const file = new KeyFile(config.dataDir);
  if (config.apiKeys.length > 0)
    process.stderr.write('note: TIMELINE_API_KEYS is set; those keys are accepted too and are not listed here\n');
  switch (action) {
    case 'create':
    case 'rotate': {
      const made = action === 'create' ? file.create(values.label) : id ? file.rotate(id) : undefined;
      if (!made) return fail(id ? `no key ${id} (see timeline keys list)` : USAGE);
      process.stdout.write(`${made.key}\n`);
      process.stderr.write(
        `${action === 'create' ? 'created' : 'rotated'} ${made.stored.id}: the key above is shown once; ${file.path} keeps only its hash\n`,
      );
      return 0;
    }
    case 'list':
      for (const key of file.read()) {
        const { sha256: _hash, ...shown } = key;
        process.stdout.write(
          values.json ? `${JSON.stringify(shown)}\n` : `${key.id}  ${key.createdAt ?? '-'}  ${key.label ?? ''}\n`,
        );
      }
      return 0;
    case 'revoke':
      if (!id) return fail(USAGE);
      if (!file.revoke(id)) return fail(`no key ${id} (see timeline keys list)`);
      process.stderr.write(`revoked ${id}\n`);
      return 0;
    default:
      return fail(USAGE);
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
