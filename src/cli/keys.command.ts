import { parseArgs } from 'node:util';
import { KeyFile, roleOf } from '../auth/key-file.js';
import { isRole, ROLES } from '../auth/roles.js';
import { loadConfig } from '../config.js';

const USAGE = [
  'usage: timeline keys create [--role reader|editor|admin] [--name NAME] [--label TEXT]',
  '       timeline keys list [--json] | role <id> <reader|editor|admin> | rotate <id> | revoke <id>',
].join('\n');

/**
 * `timeline keys ...`: the keys kept (hashed) in the data directory, each with its role. A key is
 * shown once, when it is created or rotated; a running service sees the change within a second.
 */
export async function keysCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [action, id, role] = positionals;
  const config = loadConfig();
  const file = new KeyFile(config.dataDir);
  if (config.apiKeys.length > 0)
    process.stderr.write('note: TIMELINE_API_KEYS is set; those keys are accepted too and are not listed here\n');
  switch (action) {
    case 'create': {
      const wanted = values.role ?? 'editor';
      if (!isRole(wanted)) return fail(`--role must be one of ${ROLES.join(', ')}, got "${wanted}"`);
      let made: ReturnType<KeyFile['create']>;
      try {
        made = file.create(wanted, { name: values.name, label: values.label });
      } catch (error) {
        return fail((error as Error).message);
      }
      return shown(made.key, `created ${wanted} key ${made.stored.id}`, file.path);
    }
    case 'rotate': {
      const made = id ? file.rotate(id) : undefined;
      if (!made) return fail(id ? `no key ${id} (see timeline keys list)` : USAGE);
      return shown(made.key, `rotated ${made.stored.id}`, file.path);
    }
    case 'role':
      if (!id || !role) return fail(USAGE);
      if (!isRole(role)) return fail(`the role must be one of ${ROLES.join(', ')}, got "${role}"`);
      if (!file.setRole(id, role)) return fail(`no key ${id} (see timeline keys list)`);
      process.stderr.write(`${id} is now ${role === 'admin' ? 'an' : 'a'} ${role}\n`);
      return 0;
    case 'list':
      for (const key of file.read()) {
        const { sha256: _hash, ...shown } = key;
        const listed = { ...shown, role: roleOf(key) };
        process.stdout.write(
          values.json
            ? `${JSON.stringify(listed)}\n`
            : `${key.id}  ${listed.role.padEnd(6)}  ${key.name ?? '-'}  ${key.createdAt ?? '-'}  ${key.label ?? ''}\n`,
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

function shown(key: string, what: string, path: string): number {
  process.stdout.write(`${key}\n`);
  process.stderr.write(`${what}: the key above is shown once; ${path} keeps only its hash\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
