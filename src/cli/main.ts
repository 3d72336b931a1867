#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { Problem } from '../errors/problems.js';
import { backupCommand } from './backup.command.js';
import { catalogueCommand } from './catalogue.command.js';
import { expectationsCommand } from './expectations.command.js';
import { exportCommand } from './export.command.js';
import { importCommand } from './import.command.js';
import { keysCommand } from './keys.command.js';
import { NoTimelineError } from './context.js';
import { ReadModelAheadError } from '../read-model/log-check.js';
import { Rejection } from '../errors/rejection.js';
import { migrateCommand } from './migrate.command.js';
import { rebuildCommand, verifyCommand } from './rebuild.command.js';
import { replayCommand } from './replay.command.js';
import { stateCommand } from './state.command.js';
import { tailCommand } from './tail.command.js';
import { timelineCommand } from './timeline.command.js';

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

Runs on the data directory of TIMELINE_DATA_DIR (default ./data), like the service.`;

export type CommandRun = (args: string[]) => Promise<number>;

const commands: Record<string, CommandRun> = {
  import: importCommand,
  export: exportCommand,
  timeline: timelineCommand,
  catalogue: catalogueCommand,
  migrate: migrateCommand,
  state: stateCommand,
  expectations: expectationsCommand,
  replay: replayCommand,
  rebuild: rebuildCommand,
  verify: verifyCommand,
  tail: tailCommand,
  keys: keysCommand,
  backup: backupCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const { values } = parseArgs({
    args: name ? [] : argv,
    options: { help: { type: 'boolean', short: 'h' } },
    strict: false,
  });
  const command = name ? commands[name] : undefined;
  if (!command || values.help || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name && name !== 'help' && !values.help ? 2 : 0;
  }
  return command(rest);
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
  (error: unknown) => {
    if (error instanceof Problem || error instanceof Rejection)
      process.stderr.write(`${error.code}: ${error.message}\n`);
    else if (error instanceof ConfigError || error instanceof TypeError || error instanceof NoTimelineError)
      process.stderr.write(`${error.message}\n`);
    else if (error instanceof ReadModelAheadError) process.stderr.write(`refusing to run: ${error.message}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
