/** What each command takes, as `timeline <command> --help` prints it. */
export const COMMAND_USAGE: Record<string, string> = {
  import: `timeline import <file|dir>

Imports developments and entities (.jsonl or .json files, or a directory of them); prints accepted,
duplicate and rejected records with the reason, and exits 1 on any rejection. A file written by
\`timeline export\` is restored as it was, into an empty data directory.`,
  export: `timeline export [--out FILE]

The whole log as JSON Lines, one stored event a line in position order (stdout without --out).`,
  timeline: `timeline timeline [options]

Developments in valid-time order, the same query as GET /timeline.
  --from D --to D             valid dates: YYYY-MM-DD, or a month or year (--from its first day, --to its last)
  --type T[,T]                development types
  --subject S --country CC --origin CC --q TEXT
  --known-at T                as recorded by then (a day or a date-time)
  --published-by D            only what the sources had published by then
  --include-retracted         list retracted developments too
  --limit N                   one page of N (default: every page)
  --json                      one JSON object a line`,
  catalogue: `timeline catalogue [--json]

The event types; --json prints their JSON Schemas.`,
  state: `timeline state <view> [options]

A view as of a date. Views: facilities, licensing, policies, agreements, investments, acquisitions, footprint.
  --as-of D                   the valid date (YYYY-MM-DD, default today)
  --known-at T                as recorded by then
  --published-by D            as the sources had published it by then
  --country CC --origin CC --subject S --status X
  --certain                   only rows that had surely happened by the date
  --limit N --json`,
  expectations: `timeline expectations [options]

Plans versus outcomes as of a date.
  --as-of D --known-at T --published-by D
  --status pending|met|met-late|overdue --type T --view V
  --country CC --origin CC --subject S --limit N --json`,
  replay: `timeline replay [options]

Developments in valid-time order, each with what it changed in which view.
  --subject S --country CC --type T --from D --to D --json`,
  rebuild: `timeline rebuild [view]

Rebuilds one view, or all, from the development history (the view answers 503 meanwhile).`,
  verify: `timeline verify

Rebuilds the read model into a scratch file and compares it row for row; exits 1 on a difference.`,
  tail: `timeline tail [options]

Follows a running service's feed, one line per development, reconnecting from the last position.
  --url U                     the service (default TIMELINE_URL, or http://localhost:$PORT, PORT 3000)
  --type T --subject S --country CC --q TEXT
  --from POSITION             start after this position
  --retries N                 attempts to reach the service before giving up (default 10)
  --json                      the feed's messages as JSON lines`,
  migrate: `timeline migrate --to URL

Copies the embedded log into PostgreSQL (postgres://...) or KurrentDB (kurrentdb://...);
resumable and idempotent.`,
  backup: `timeline backup <dir>

A consistent copy of the log, webhooks and key hashes, also while the service runs.`,
  keys: `timeline keys create [--label TEXT] | list [--json] | rotate <id> | revoke <id>

Manages the write keys; a key is shown once, when created or rotated.`,
};

/** True when the arguments ask for help (before a `--` that ends the options). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** An option as a person types it: `asOf` is `--as-of`. */
export const optionName = (property: string) => `--${property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
