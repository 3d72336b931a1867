#!/usr/bin/env node
import { asksForHelp, COMMAND_USAGE } from './usage.js';

const USAGE = `timeline <command> [options]

Commands:
  import <file|dir>     import developments and entities (.jsonl or .json); a file written by
                        export is restored as it was, into an empty data directory
  export [--out FILE]   the whole log as JSON Lines (stdout by default): the backup
  timeline              list developments in valid-time order
                        --from D --to D --type T[,T] --subject S --country CC --origin CC --q TEXT
                        --known-at T --published-by D --include-retracted --limit N --json
  catalogue             list the event types (--json for their JSON Schemas)
  state <view>          a view as of a date: --as-of D --known-at T --published-by D --country CC
                        --origin CC --subject S --status X --certain --json   (views: facilities,
                        licensing, policies, agreements, investments, acquisitions, footprint,
                        relationships)
  expectations          plans versus outcomes as of a date: --as-of D --status pending|met|met-late|overdue
                        --type T --view V --country CC --origin CC --subject S --published-by D --json
  replay                developments in valid-time order, each with what it changed in which view
                        --subject S --country CC --type T --from D --to D --json
  rebuild [view]        rebuild one view, or all, from the development history
  verify                rebuild the read model into a scratch file and compare it row for row
  tail                  follow the running service's feed: --url U --type T --subject S
                        --country CC --q TEXT --from POSITION --json
  migrate --to URL      copy the embedded log into PostgreSQL (postgres://...) or KurrentDB
                        (kurrentdb://...); resumable, idempotent
  backup <dir>          a consistent copy of the log, webhooks and key hashes, also while the service runs
  keys create [--label TEXT] | list [--json] | rotate <id> | revoke <id>
                        manage the write keys (a key is shown once, when created or rotated)

Runs on the data directory of TIMELINE_DATA_DIR (default ./data), like the service.
timeline <command> --help (or -h) says what a command takes.`;

export type CommandRun = (args: string[]) => Promise<number>;

/** Each command is loaded when it runs: `--help` and `tail` start without the service's modules. */
const commands: Record<string, () => Promise<CommandRun>> = {
  import: async () => (await import('./import.command.js')).importCommand,
  export: async () => (await import('./export.command.js')).exportCommand,
  timeline: async () => (await import('./timeline.command.js')).timelineCommand,
  catalogue: async () => (await import('./catalogue.command.js')).catalogueCommand,
  migrate: async () => (await import('./migrate.command.js')).migrateCommand,
  state: async () => (await import('./state.command.js')).stateCommand,
  expectations: async () => (await import('./expectations.command.js')).expectationsCommand,
  replay: async () => (await import('./replay.command.js')).replayCommand,
  rebuild: async () => (await import('./rebuild.command.js')).rebuildCommand,
  verify: async () => (await import('./rebuild.command.js')).verifyCommand,
  tail: async () => (await import('./tail.command.js')).tailCommand,
  keys: async () => (await import('./keys.command.js')).keysCommand,
  backup: async () => (await import('./backup.command.js')).backupCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    process.stdout.write(`${topic && COMMAND_USAGE[topic] ? COMMAND_USAGE[topic] : USAGE}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`timeline: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(`${COMMAND_USAGE[name]}\n`);
    return 0;
  }
  try {
    // Decorators of the service's classes read their metadata as the modules load.
    await import('reflect-metadata');
    return await (await command())(rest);
  } catch (error) {
    // node:util's parseArgs: an unknown option, a missing value, a stray positional.
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw error;
    process.stderr.write(`timeline ${name}: ${parseProblem(error as Error)}\nSee: timeline ${name} --help\n`);
    return 2;
  }
}

/** parseArgs' message, without its advice about positionals, which rarely fits. */
function parseProblem(error: Error): string {
  return error.message
    .replace(/\. To specify a positional argument.*$/s, '')
    .replace(/^Unknown option/, 'unknown option');
}

// Output piped into `head` and the like: stop quietly when the reader has gone.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    await import('reflect-metadata');
    const [{ ConfigError }, { Problem }, { Rejection }, { NoTimelineError }, { ReadModelAheadError }] =
      await Promise.all([
        import('../config.js'),
        import('../errors/problems.js'),
        import('../errors/rejection.js'),
        import('./context.js'),
        import('../read-model/log-check.js'),
      ]);
    if (error instanceof Problem || error instanceof Rejection)
      process.stderr.write(`${error.code}: ${error.message}\n`);
    else if (error instanceof ConfigError || error instanceof TypeError || error instanceof NoTimelineError)
      process.stderr.write(`${error.message}\n`);
    else if (error instanceof ReadModelAheadError) process.stderr.write(`refusing to run: ${error.message}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
