import {
  checkBody,
  checkDevelopment,
  DevelopmentCorrected,
  parseEdtf,
  referencesOf,
  type DevelopmentBody,
  type DevelopmentType,
} from '../../events/index.js';
import { uuidFromName } from '../../src/ids.js';
import { DEVELOPMENT_STREAM } from '../../events/index.js';
import type { AppendRequest } from '../../src/store/event-store.js';
import {
  DevelopmentBodies,
  type FacilityPlan,
  type FacilityStep,
  type InvestmentSeries,
  type SyntheticDevelopment,
} from './development-bodies.js';
import { dayNumber, edtfAround } from './edtf-text.js';
import { MinHeap } from './min-heap.js';
import { SeededRandom, WeightedChoice } from './seeded-random.js';
import { BENCH_PRINCIPAL } from './synthetic-developments.js';
import { SyntheticWorld } from './synthetic-world.js';

export const FIRST_DAY = dayNumber('2006-01-01');
export const LAST_DAY = dayNumber('2025-12-31');

/** Shares of what a new development starts; facilities then bring their later steps, so they end up near half the log. */
const NEW_KINDS = new WeightedChoice(
  [
    'facility',
    'licensing',
    'policy',
    'exportControl',
    'agreement',
    'partnership',
    'investment',
    'acquisition',
    'other',
  ] as const,
  [0.24, 0.13, 0.09, 0.03, 0.07, 0.06, 0.22, 0.06, 0.04],
);
/** Chance that a development is recorded late: dated a month to ten years before the day it is recorded. */
const RECORDED_LATE = 0.085;
const CORRECTED = 0.01;
/** Developments checked against the catalogue: all of the first ones, then one in this many. */
const CHECK_ALL_FIRST = 2_000;
const CHECK_EVERY = 100;
/** Figures reported per investment series, on average. */
const FIGURES_PER_SERIES = 40;
/**
 * Share of new facilities that belong to the hot organisation in its home country: about 5,000 of
 * them at a million developments, and the same share of a smaller log.
 */
const HOT_FACILITY_SHARE = 0.0265;

export interface TemporalLogStats {
  developments: number;
  corrections: number;
  /** Developments appended after one dated wholly later (their last possible day is before its first). */
  backdated: number;
  byType: Record<string, number>;
  /** Developments and corrections validated against the catalogue while generating. */
  checked: number;
  /** Facilities of the hot organisation in its home country. */
  hotFacilities: number;
  /** Developments whose date is qualified (`?`, `~`), starts open (`../D`), that set expectations, that cite a publication day. */
  qualified: number;
  openStart: number;
  withExpectations: number;
  published: number;
}

interface PendingStep {
  plan: FacilityPlan;
  step: FacilityStep;
  day: number;
}
interface PendingCorrection {
  developmentId: string;
  type: DevelopmentType;
  body: DevelopmentBody;
  day: number;
  publishedDay?: number;
}

/**
 * A synthetic development log over twenty years (2006-2025), generated in the order it is recorded:
 * mostly as things happen, some late, a few corrected afterwards. Deterministic for a seed.
 */
export class TemporalLog {
  readonly world: SyntheticWorld;
  readonly stats: TemporalLogStats = {
    developments: 0,
    corrections: 0,
    backdated: 0,
    byType: {},
    checked: 0,
    hotFacilities: 0,
    qualified: 0,
    openStart: 0,
    withExpectations: 0,
    published: 0,
  };
  private readonly random: SeededRandom;
  private readonly bodies: DevelopmentBodies;
  private readonly registered: Set<string>;
  private readonly steps = new MinHeap<PendingStep>();
  private readonly corrections = new MinHeap<PendingCorrection>();
  private readonly series: InvestmentSeries[];
  private counter = 0;
  private latestEarliest = '';

  constructor(
    readonly size: number,
    private readonly seed = 20_060_101,
  ) {
    this.random = new SeededRandom(seed);
    this.world = new SyntheticWorld(this.random);
    this.bodies = new DevelopmentBodies(this.random, this.world);
    this.registered = new Set(
      this.world.registrations().map((r) => (r.events[0]!.data as { entityId: string }).entityId),
    );
    const seriesCount = Math.max(10, Math.round((size * 0.16) / FIGURES_PER_SERIES));
    this.series = Array.from({ length: seriesCount }, (_, n) => this.bodies.investmentSeries(n));
  }

  /** The log after the entity registrations, in appends of `batchSize` streams. */
  *batches(batchSize: number): Generator<AppendRequest[]> {
    let batch: AppendRequest[] = [];
    for (const request of this.requests()) {
      batch.push(request);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private *requests(): Generator<AppendRequest> {
    const days = LAST_DAY - FIRST_DAY + 1;
    for (let i = 0; i < this.size; i += 1) {
      const today = FIRST_DAY + Math.floor((i * days) / this.size);
      while ((this.corrections.peekPriority() ?? Infinity) <= i) yield this.correction(this.corrections.pop()!);
      yield this.record(this.nextDevelopment(today), i);
    }
    while (this.corrections.size > 0) yield this.correction(this.corrections.pop()!);
  }

  /** A facility step that is due, else something new: usually dated today, sometimes long before. */
  private nextDevelopment(today: number): { development: SyntheticDevelopment; day: number } {
    if ((this.steps.peekPriority() ?? Infinity) <= today) {
      const { plan, step, day } = this.steps.pop()!;
      this.scheduleAfter(plan, step, day);
      return { development: this.bodies.facility(step, plan, day), day };
    }
    const day = this.random.chance(RECORDED_LATE) ? Math.max(FIRST_DAY, today - this.random.int(30, 3650)) : today;
    const n = this.counter++;
    const kind = NEW_KINDS.pick(this.random);
    switch (kind) {
      case 'facility': {
        const hot = this.random.chance(HOT_FACILITY_SHARE);
        if (hot) this.stats.hotFacilities += 1;
        const plan = this.bodies.facilityPlan(n, hot);
        this.scheduleAfter(plan, 'FacilityAnnounced', day);
        return { development: this.bodies.facility('FacilityAnnounced', plan, day), day };
      }
      case 'licensing':
        return { development: this.bodies.licensingDeal(n, day), day };
      case 'policy':
        return { development: this.bodies.policy(n, day), day };
      case 'exportControl':
        return { development: this.bodies.exportControl(n, day), day };
      case 'agreement':
        return { development: this.bodies.agreement(n, day), day };
      case 'partnership':
        return { development: this.bodies.partnership(n, day), day };
      case 'investment':
        return { development: this.bodies.investment(this.random.pick(this.series), day), day };
      case 'acquisition':
        return { development: this.bodies.acquisition(n, day), day };
      case 'other':
        return { development: this.bodies.other(n, day), day };
    }
  }

  /** Plans a facility's next step, if it comes before the end of the timeline; some are recorded late. */
  private scheduleAfter(plan: FacilityPlan, step: FacilityStep, day: number): void {
    const next: { step: FacilityStep; after: number } | undefined = (
      {
        FacilityAnnounced: this.random.chance(0.85)
          ? { step: 'FacilityConstructionStarted', after: this.random.int(90, 730) }
          : undefined,
        FacilityConstructionStarted: this.random.chance(0.8)
          ? { step: 'FacilityOpened', after: this.random.int(365, 1100) }
          : undefined,
        FacilityOpened: this.random.chance(0.1)
          ? { step: 'FacilityClosed', after: this.random.int(730, 3650) }
          : undefined,
        FacilityClosed: undefined,
      } as const satisfies Record<FacilityStep, { step: FacilityStep; after: number } | undefined>
    )[step];
    if (!next || day + next.after > LAST_DAY) return;
    const stepDay = day + next.after;
    const recordedOn = this.random.chance(RECORDED_LATE) ? stepDay + this.random.int(30, 3650) : stepDay;
    this.steps.push(recordedOn, { plan, step: next.step, day: stepDay });
  }

  private record(
    { development, day }: { development: SyntheticDevelopment; day: number },
    index: number,
  ): AppendRequest {
    const id = uuidFromName(`temporal:${this.seed}:development:${index}`);
    const { type, body, publishedDay } = development;
    if (index < CHECK_ALL_FIRST || index % CHECK_EVERY === 0) this.check(id, type, body);
    this.count(type, body);
    if (this.random.chance(CORRECTED)) {
      const pending = { developmentId: id, type, body, day, ...(publishedDay === undefined ? {} : { publishedDay }) };
      this.corrections.push(index + this.random.int(1_000, 50_000), pending);
    }
    return {
      stream: `${DEVELOPMENT_STREAM}${id}`,
      events: [{ id, type, data: body, metadata: { recordedBy: BENCH_PRINCIPAL } }],
      expectedRevision: 'no_stream',
    };
  }

  /**
   * Moves the development's date by two weeks to a year either way, as a correction of a misread
   * date does; never past the day its source was published, which reports it as done.
   */
  private correction({ developmentId, type, body, day, publishedDay }: PendingCorrection): AppendRequest {
    const shift = this.random.int(15, 400) * (this.random.chance(0.5) ? -1 : 1);
    const corrected = Math.min(LAST_DAY, publishedDay ?? LAST_DAY, Math.max(FIRST_DAY, day + shift));
    const data = {
      changes: { date: edtfAround(corrected, this.random) },
      reason: 'The date was misread from the source; corrected from the original report.',
    };
    const n = this.stats.corrections++;
    if (n < CHECK_ALL_FIRST || n % CHECK_EVERY === 0) {
      const checked = DevelopmentCorrected.safeParse(data);
      if (!checked.success) throw new Error(`synthetic correction ${n} fails the catalogue: ${checked.error.message}`);
      const corrected = checkBody(type, { ...body, date: data.changes.date });
      if (!corrected.ok)
        throw new Error(`synthetic correction ${n} leaves an invalid development: ${JSON.stringify(corrected.errors)}`);
      this.stats.checked += 1;
    }
    return {
      stream: `${DEVELOPMENT_STREAM}${developmentId}`,
      events: [
        {
          id: uuidFromName(`temporal:${this.seed}:correction:${n}`),
          type: 'DevelopmentCorrected',
          data,
          metadata: { recordedBy: BENCH_PRINCIPAL },
        },
      ],
      expectedRevision: 0,
    };
  }

  private check(id: string, type: DevelopmentType, body: DevelopmentBody): void {
    const checked = checkDevelopment({ id, type, ...body });
    if (!checked.ok)
      throw new Error(
        `synthetic ${type} fails the catalogue: ${JSON.stringify(checked.errors)}\n${JSON.stringify(body)}`,
      );
    const unknown = referencesOf(body).filter((ref) => !this.registered.has(ref));
    if (unknown.length > 0) throw new Error(`synthetic ${type} names unregistered entities ${unknown.join(', ')}`);
    this.stats.checked += 1;
  }

  private count(type: DevelopmentType, body: DevelopmentBody): void {
    this.stats.developments += 1;
    this.stats.byType[type] = (this.stats.byType[type] ?? 0) + 1;
    const parsed = parseEdtf(body.date);
    if (!parsed.ok) throw new Error(`synthetic date ${body.date}: ${parsed.reason}`);
    if (parsed.value.uncertain || parsed.value.approximate) this.stats.qualified += 1;
    if (parsed.value.openStart) this.stats.openStart += 1;
    if (body.expectations?.length) this.stats.withExpectations += 1;
    if (body.sources.some((s) => s.published !== undefined)) this.stats.published += 1;
    if (parsed.value.latest < this.latestEarliest) this.stats.backdated += 1;
    if (parsed.value.earliest > this.latestEarliest) this.latestEarliest = parsed.value.earliest;
  }
}
