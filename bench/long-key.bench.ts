import { checkDevelopment, evolveDevelopment, timingOf } from '../events/index.js';
import { investments } from '../projections/index.js';
import { versionsOf } from '../src/views/engine/fold.js';
import { keyHistory, type MembershipChange, type VersionInput } from '../src/views/engine/key-history.js';
import { memberOf } from '../src/views/engine/keying.js';
import type { Benchmark, Result } from './support/benchmark.js';
import { round } from './support/latency.js';

/** Figures in the series folded, each size twice as long as the one before. */
const SIZES = [1_600, 3_200, 6_400, 12_800];
/** A fold linear in the key's length takes twice as long for twice the figures. */
const DOUBLING_TARGET = 2.5;

/**
 * One investment series of `n` monthly figures, each recorded at an instant of its own, as a bulk
 * build gets them: the development versions and the membership changes in log order. Every
 * seventh figure's period is approximate (`~`), so that the certain series is not a prefix of the
 * possible one, as in real series.
 */
function series(n: number): { changes: MembershipChange[]; versions: Map<number, VersionInput> } {
  const changes: MembershipChange[] = [];
  const versions = new Map<number, VersionInput>();
  for (let i = 0; i < n; i += 1) {
    const month = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const period = i % 7 === 6 ? `${month}~` : month;
    const checked = checkDevelopment({
      type: 'InvestmentReported',
      date: period,
      summary: `Outward investment, ${period}`,
      subjects: ['country:CN'],
      sources: [{ title: 'A report', url: `https://example.org/r/${i}`, quote: 'as reported' }],
      data: {
        series: 'cn-odi-flow',
        measure: 'flow',
        label: 'outward direct investment flow',
        period,
        value: { value: 1000 + i, currency: 'USD', unit: 'million' },
        investor: 'country:CN',
      },
    });
    if (!checked.ok) throw new Error(`invalid development: ${JSON.stringify(checked.errors)}`);
    const recordedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    const state = evolveDevelopment(undefined, {
      type: 'InvestmentReported',
      data: checked.value.body,
      revision: 0,
      recordedAt,
      position: String(i + 1),
      streamId: `figure-${i}`,
    })!;
    const timing = timingOf(state);
    versions.set(i + 1, { state: JSON.stringify(state), ...timing });
    changes.push({ vid: i + 1, seq: i + 1, op: 1, recordedAt });
  }
  return { changes, versions };
}

/**
 * What a bulk build spends on one long key: `keyHistory` replays the key's membership changes in
 * log order, as applying them one by one would have stored it. Doubling the series should double
 * the time; a ratio far above 2 is a build that is not linear in a key's length.
 */
async function longKey(): Promise<Result> {
  const figures: Record<string, number> = {};
  const context = { homeCountry: () => undefined };
  for (const n of SIZES) {
    const { changes, versions } = series(n);
    const started = performance.now();
    const history = keyHistory(investments, 'cn-odi-flow', changes, versions, context);
    figures[`fold${n}Ms`] = round(performance.now() - started, 0);
    figures[`rows${n}`] = history.rows.length;
    // A development arriving on a running service folds its key whole, once: the best of five.
    const members = changes.map((c) => memberOf(c.seq, versions.get(c.vid)!));
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i += 1) {
      const start = performance.now();
      versionsOf(investments, 'cn-odi-flow', members, context);
      best = Math.min(best, performance.now() - start);
    }
    figures[`wholeFold${n}Ms`] = round(best, 1);
  }
  const last = SIZES.at(-1)!;
  figures.doublingRatio = round(figures[`fold${last}Ms`]! / figures[`fold${last / 2}Ms`]!, 2);
  return {
    figures,
    targets: { doublingRatio: { value: DOUBLING_TARGET, op: '<=' } },
    notes: [
      `one investment series of ${SIZES.join(', ')} monthly figures, each recorded at its own instant, every seventh ` +
        'approximate; keyHistory on this thread, as a bulk build folds a key (rows: the versions stored, with their ' +
        'transaction-time history); doublingRatio is the time of the longest over the one half as long',
      'wholeFold<n>Ms: the whole series folded once (versionsOf), as a running service does when one more figure ' +
        'of the series is recorded; best of five',
    ],
  };
}

export const longKeyBenchmarks: Benchmark[] = [{ name: 'engine.long-key', run: longKey }];
