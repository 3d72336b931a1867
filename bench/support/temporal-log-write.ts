import type { AppendRequest } from '../../src/store/event-store.js';
import type { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import type { Result } from './benchmark.js';
import { checkpointFile, databaseBytes } from './database-size.js';
import { round } from './latency.js';
import { progressReporter } from './progress.js';
import type { RssSampler } from './rss-sampler.js';
import type { TemporalLog } from './temporal-log.js';

const APPEND_BATCH = 1_000;

/**
 * Writes the log: entity registrations first, then the developments, each append one batch of up
 * to 1,000 streams. Returns its figures and the log's bytes after a WAL checkpoint.
 */
export async function writeLog(
  store: SqliteEventStore,
  file: string,
  log: TemporalLog,
  rss: RssSampler,
): Promise<{ result: Result; bytes: number; events: number }> {
  const registrations = log.world.registrations();
  const report = progressReporter('log written (events)', Math.round(log.size * 1.01) + registrations.length);
  rss.reset();
  const started = performance.now();
  let appendMs = 0;
  let events = 0;
  const append = async (batch: AppendRequest[]) => {
    const before = performance.now();
    await store.appendMany(batch);
    appendMs += performance.now() - before;
    events += batch.length;
    report(events);
  };
  for (let i = 0; i < registrations.length; i += APPEND_BATCH) await append(registrations.slice(i, i + APPEND_BATCH));
  for (const batch of log.batches(APPEND_BATCH)) await append(batch);
  const writeMs = performance.now() - started;
  checkpointFile(file);
  const bytes = databaseBytes(file);
  return {
    bytes,
    events,
    result: {
      figures: {
        logEvents: events,
        logMB: round(bytes / 1e6, 0),
        logBytesPerEvent: round(bytes / events, 0),
        logWriteMs: round(writeMs, 0),
        logAppendEventsPerSec: round((events / appendMs) * 1000, 0),
        logWritePeakRssMB: round(rss.peak().mib * 1.048576, 0),
        hotFacilities: log.stats.hotFacilities,
      },
      targets: {},
      notes: [
        ...describeLog(log, events),
        `log write time includes generating the events; logAppendEventsPerSec counts only the time in appendMany ` +
          `(${round(appendMs / 1000, 1)} s); logMB is events.db after a WAL checkpoint`,
      ],
    },
  };
}

function describeLog(log: TemporalLog, events: number): string[] {
  const { stats, world } = log;
  const share = (n: number) => `${round((n / stats.developments) * 100, 1)} %`;
  const types = Object.entries(stats.byType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  return [
    `N = ${stats.developments} developments over 2006-2025 (${types}), ${world.organisations.length} organisations and ` +
      `${world.countries.length} governments registered first, ${stats.corrections} date corrections; ${events} events ` +
      `in appends of ${APPEND_BATCH}`,
    `hot key: ${world.hotOrganisation.ref} announced ${stats.hotFacilities} facilities in its home country ${world.hotOrganisation.homeCountry}`,
    `${share(stats.backdated)} of developments backdated (appended after one dated wholly later); dates qualified (? or ~) ` +
      `${share(stats.qualified)}, open start (../D) ${share(stats.openStart)}; ${share(stats.published)} cite a publication ` +
      `day, ${share(stats.withExpectations)} set expectations; every one of ${stats.checked} sampled developments and ` +
      'corrections passed the catalogue (checkDevelopment, checkBody)',
  ];
}
