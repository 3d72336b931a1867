import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { uuidFromName } from '../../src/ids.js';
import {
  DevelopmentBodies,
  type FacilityPlan,
  type FacilityStep,
  type SyntheticDevelopment,
} from './development-bodies.js';
import { dayNumber } from './edtf-text.js';
import { SeededRandom, WeightedChoice } from './seeded-random.js';
import { SyntheticWorld } from './synthetic-world.js';
import { FIRST_DAY, LAST_DAY } from './temporal-log.js';

/** The hot organisation's plants, for each development in the log: 3,000 plants in 15,000 developments. */
const HOT_PLANT_SHARE = 0.2;
/** A facility's next step: its chance once the one before happened, and the days after it (least, most). */
type NextStep = readonly [FacilityStep, number, number, number];
const STEPS: readonly NextStep[] = [
  ['FacilityConstructionStarted', 0.85, 90, 730],
  ['FacilityOpened', 0.8, 365, 1100],
  ['FacilityClosed', 0.05, 730, 3650],
];
/** The hot plants go less far, so that they are about two developments each, 40 % of the log. */
const HOT_STEPS: readonly NextStep[] = [
  ['FacilityConstructionStarted', 0.6, 90, 730],
  ['FacilityOpened', 0.7, 365, 1100],
  ['FacilityClosed', 0.03, 730, 3650],
];
/** Hot plants are announced in these years, so that by the query date nearly all have been. */
const HOT_FIRST_DAY = dayNumber('2008-01-01');
const HOT_LAST_DAY = dayNumber('2022-12-31');
/** The day the latency queries ask about: every hot plant announced, most being built or operating. */
export const USER_AS_OF = '2024-12-31';
/** What the rest of the log starts, in about the shares of the temporal benchmark's log. */
const OTHER_KINDS = new WeightedChoice(
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
const SERIES = 60;

export interface UserLogStats {
  developments: number;
  entities: number;
  byType: Record<string, number>;
  hotOrganisation: string;
  hotCountry: string;
  /** Distinct facilities of the hot organisation, all plants in its home country. */
  hotPlants: number;
  /** Developments about the hot plants (announcements and later steps). */
  hotDevelopments: number;
  /** Hot plants announced by `USER_AS_OF`, and of them those being built or operating then. */
  hotPlantsByAsOf: number;
  hotPlantsPresentByAsOf: number;
  bytes: number;
}

interface Dated {
  day: number;
  development: SyntheticDevelopment;
}

/**
 * A user's import file: the registrations of the synthetic world's organisations and governments
 * (entity records with `entityId`), then `size` developments as `timeline import` reads them
 * (`{id, type, ...body}`), in valid-time order. One organisation has a plant in its home country
 * for every five developments of the log (3,000 plants at 15,000), about two developments each;
 * the rest is every other kind of development, so that every view gets rows. Deterministic for a seed.
 */
export class UserLog {
  readonly world: SyntheticWorld;
  private readonly random: SeededRandom;
  private readonly bodies: DevelopmentBodies;
  private facilityCount = 0;

  constructor(
    readonly size: number,
    private readonly seed = 20_240_101,
  ) {
    this.random = new SeededRandom(seed);
    this.world = new SyntheticWorld(this.random);
    this.bodies = new DevelopmentBodies(this.random, this.world);
  }

  get hotOrganisation(): string {
    return this.world.hotOrganisation.ref;
  }

  get hotCountry(): string {
    return this.world.hotOrganisation.homeCountry;
  }

  /** Writes the file as JSON Lines; entities first, as the import takes them. */
  async write(file: string): Promise<UserLogStats> {
    const asOf = dayNumber(USER_AS_OF);
    const stats: UserLogStats = {
      developments: 0,
      entities: 0,
      byType: {},
      hotOrganisation: this.hotOrganisation,
      hotCountry: this.hotCountry,
      hotPlants: 0,
      hotDevelopments: 0,
      hotPlantsByAsOf: 0,
      hotPlantsPresentByAsOf: 0,
      bytes: 0,
    };
    const hot: Dated[] = [];
    const hotPlants = Math.round(this.size * HOT_PLANT_SHARE);
    for (let i = 0; i < hotPlants; i += 1) {
      const plan = { ...this.bodies.facilityPlan(this.facilityCount++, true), kind: 'plant' as const };
      plan.name = `${this.world.hotOrganisation.name} plant ${plan.facilityId}`;
      const steps = this.steps(plan, this.random.int(HOT_FIRST_DAY, HOT_LAST_DAY), HOT_STEPS);
      hot.push(...steps);
      stats.hotPlants += 1;
      if (steps[0]!.day <= asOf) stats.hotPlantsByAsOf += 1;
      const last = steps.filter((s) => s.day <= asOf).at(-1);
      if (last && last.development.type !== 'FacilityAnnounced' && last.development.type !== 'FacilityClosed')
        stats.hotPlantsPresentByAsOf += 1;
    }
    stats.hotDevelopments = hot.length;
    const rest: Dated[] = [];
    const series = Array.from({ length: SERIES }, (_, n) => this.bodies.investmentSeries(n));
    while (rest.length < this.size - hot.length) {
      const day = this.random.int(FIRST_DAY, LAST_DAY);
      const n = this.facilityCount++;
      const kind = OTHER_KINDS.pick(this.random);
      const made: Dated[] =
        kind === 'facility'
          ? this.steps(this.bodies.facilityPlan(n), day, STEPS)
          : [{ day, development: this.other(kind, n, day, series) }];
      rest.push(...made.slice(0, this.size - hot.length - rest.length));
    }
    // Valid-time order, as a spreadsheet kept by date would be; the sort is stable, so a facility's steps stay in order.
    const developments = [...hot, ...rest].sort((a, b) => a.day - b.day);

    const out = createWriteStream(file);
    const line = async (value: unknown) => {
      const text = `${JSON.stringify(value)}\n`;
      stats.bytes += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
    };
    for (const request of this.world.registrations()) {
      await line(request.events[0]!.data);
      stats.entities += 1;
    }
    for (const [i, { development }] of developments.entries()) {
      const { type, body } = development;
      await line({ id: uuidFromName(`user-felt:${this.seed}:${i}`), type, ...body });
      stats.developments += 1;
      stats.byType[type] = (stats.byType[type] ?? 0) + 1;
    }
    out.end();
    await once(out, 'finish');
    return stats;
  }

  /** A facility's announcement and the later steps it reaches before the end of the timeline. */
  private steps(plan: FacilityPlan, announced: number, next: readonly NextStep[]): Dated[] {
    const steps: Dated[] = [
      { day: announced, development: this.bodies.facility('FacilityAnnounced', plan, announced) },
    ];
    let day = announced;
    for (const [step, chance, min, max] of next) {
      if (!this.random.chance(chance)) break;
      day += this.random.int(min, max);
      if (day > LAST_DAY) break;
      steps.push({ day, development: this.bodies.facility(step, plan, day) });
    }
    return steps;
  }

  private other(
    kind: Exclude<ReturnType<typeof OTHER_KINDS.pick>, 'facility'>,
    n: number,
    day: number,
    series: ReturnType<DevelopmentBodies['investmentSeries']>[],
  ): SyntheticDevelopment {
    switch (kind) {
      case 'licensing':
        return this.bodies.licensingDeal(n, day);
      case 'policy':
        return this.bodies.policy(n, day);
      case 'exportControl':
        return this.bodies.exportControl(n, day);
      case 'agreement':
        return this.bodies.agreement(n, day);
      case 'partnership':
        return this.bodies.partnership(n, day);
      case 'investment':
        return this.bodies.investment(this.random.pick(series), day);
      case 'acquisition':
        return this.bodies.acquisition(n, day);
      case 'other':
        return this.bodies.other(n, day);
    }
  }
}

/** `PolicyIssued 1,234, FacilityAnnounced 987, ...`, largest first. */
export function describeTypes(byType: Record<string, number>): string {
  return Object.entries(byType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${n.toLocaleString('en-US')}`)
    .join(', ');
}
