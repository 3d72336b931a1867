import {
  FACILITY_KINDS,
  REGIONS,
  type DevelopmentBody,
  type DevelopmentType,
  type Expectation,
} from '../../events/index.js';
import { edtfAround, isoDay } from './edtf-text.js';
import type { SeededRandom } from './seeded-random.js';
import type { SyntheticWorld } from './synthetic-world.js';

export interface SyntheticDevelopment {
  type: DevelopmentType;
  body: DevelopmentBody;
  /** Day its source was published, when the source says: a later correction of its date must not move past it. */
  publishedDay?: number;
}

export interface FacilityPlan {
  facilityId: string;
  owner: string;
  kind: (typeof FACILITY_KINDS)[number];
  country: string;
  location: string;
  name: string;
}

export type FacilityStep = 'FacilityAnnounced' | 'FacilityConstructionStarted' | 'FacilityOpened' | 'FacilityClosed';

export interface InvestmentSeries {
  series: string;
  /** What the figures are, in words (the catalogue's `label`); every synthetic series is a flow. */
  label: string;
  quarterly: boolean;
  investor?: string;
  /** Where the money goes: `country:XX` or a UN M49 region. */
  destination?: string;
}

const TECHNOLOGIES = [
  'lithium iron phosphate cells',
  'sodium-ion cells',
  'solid-state batteries',
  'wind turbine drivetrains',
  'heterojunction solar cells',
  'electrolysers',
  'power semiconductors',
  'EV platforms',
  '5G radio units',
  'high-speed rail signalling',
  'LNG carriers',
  'nuclear fuel assemblies',
  'industrial robots',
  'cloud services',
  'biopharmaceutical processes',
  'lidar sensors',
];
const SECTORS = [
  'energy',
  'automotive',
  'semiconductors',
  'telecommunications',
  'rail',
  'shipping',
  'pharmaceuticals',
  'mining',
  'finance',
];
const POLICY_KINDS = [
  'policy',
  'plan',
  'law',
  'regulation',
  'strategy',
  'guideline',
  'standard',
  'initiative',
] as const;
const CLOSURE_REASONS = [
  'weak demand',
  'consolidation of production',
  'end of the concession',
  'relocation to a larger site',
];
const REGION_CODES = Object.keys(REGIONS);
/** Share of sources that print their publication day. */
const PUBLISHED = 0.5;
const QUOTES = [
  'The company said in a statement that the project would proceed as planned, according to people familiar with the matter.',
  'Officials confirmed the figures at a press briefing and said further details would be published in the coming weeks.',
  'The announcement was made at a signing ceremony attended by representatives of both sides and local officials.',
];

/** Builds synthetic developments that pass the catalogue, with bodies of realistic size. */
export class DevelopmentBodies {
  constructor(
    private readonly random: SeededRandom,
    private readonly world: SyntheticWorld,
  ) {}

  /** A new facility; a `hot` one belongs to the organisation that builds everything in its home country. */
  facilityPlan(n: number, hot = false): FacilityPlan {
    const owner = hot ? this.world.hotOrganisation : this.world.organisation(this.random);
    const country = hot || this.random.chance(0.6) ? owner.homeCountry : this.world.country(this.random);
    const kind = this.random.pick(FACILITY_KINDS);
    return {
      facilityId: `facility-${n}`,
      owner: owner.ref,
      kind,
      country,
      location: `City ${this.random.int(1, 400)}`,
      name: `${owner.name} ${kind} ${n}`,
    };
  }

  facility(step: FacilityStep, plan: FacilityPlan, day: number): SyntheticDevelopment {
    const { facilityId, owner, kind, country } = plan;
    const data: Record<string, unknown> = { facilityId, owner, kind, country };
    if (step === 'FacilityAnnounced') {
      Object.assign(data, {
        location: plan.location,
        name: plan.name,
        products: [this.random.pick(TECHNOLOGIES)],
        capacity: `${this.random.int(1, 200)} GWh a year`,
        investment: this.money(),
      });
    }
    if (step === 'FacilityOpened' && this.random.chance(0.5)) data.capacity = `${this.random.int(1, 200)} GWh a year`;
    if (step === 'FacilityClosed' && this.random.chance(0.7)) data.reason = this.random.pick(CLOSURE_REASONS);
    const verb = {
      FacilityAnnounced: 'announces',
      FacilityConstructionStarted: 'starts building',
      FacilityOpened: 'opens',
      FacilityClosed: 'closes',
    }[step];
    return this.development(
      step,
      day,
      `${plan.name.split(' ').slice(0, 3).join(' ')} ${verb} ${kind} ${facilityId} in ${plan.location}, ${country}`,
      [owner, `country:${country}`],
      data,
      this.facilityExpectations(step, day),
    );
  }

  /** What the source says is due: an announced or started facility is to open in a year or two ("late 2027"). */
  private facilityExpectations(step: FacilityStep, day: number): Expectation[] {
    if (step !== 'FacilityAnnounced' && step !== 'FacilityConstructionStarted') return [];
    if (!this.random.chance(step === 'FacilityAnnounced' ? 0.3 : 0.5)) return [];
    const year = Number(isoDay(day).slice(0, 4)) + this.random.int(1, 3);
    const date = this.random.chance(0.5) ? `${year}-41` : String(year);
    return [
      {
        type: 'FacilityOpened',
        date,
        note: `set to open ${date.endsWith('-41') ? `in the second half of ${year}` : `in ${year}`}`,
      },
    ];
  }

  licensingDeal(n: number, day: number): SyntheticDevelopment {
    const [licensor, licensee] = this.distinctOrganisations(2) as [string, string];
    const technology = this.random.pick(TECHNOLOGIES);
    const data: Record<string, unknown> = { dealId: `deal-${n}`, licensor, licensee, technology };
    if (this.random.chance(0.5))
      data.countries = this.random.sample(this.world.countries.slice(0, 60), this.random.int(1, 2));
    if (this.random.chance(0.4)) data.value = this.money();
    return this.development(
      'LicensingDealSigned',
      day,
      `${licensor} licenses ${technology} to ${licensee}`,
      [licensor, licensee],
      data,
    );
  }

  policy(n: number, day: number): SyntheticDevelopment {
    const country = this.world.country(this.random);
    const issuer = this.world.government(country);
    const kind = this.random.pick(POLICY_KINDS);
    const title = `${country} ${kind} on ${this.random.pick(SECTORS)} ${n}`;
    const data: Record<string, unknown> = {
      policyId: `policy-${n}`,
      title,
      issuer,
      kind,
      jurisdiction: [country],
      sectors: this.random.sample(SECTORS, 2),
    };
    const year = Number(isoDay(day).slice(0, 4));
    // Plans run for a period ("2021/2025") or from a year on ("2026/.."); some set goals due by a date.
    if (this.random.chance(0.3))
      data.effective = this.random.chance(0.6)
        ? `${year}/${year + this.random.int(1, 10)}`
        : `${year + this.random.int(0, 1)}/..`;
    if (this.random.chance(0.2))
      data.targets = [
        { date: String(year + this.random.int(3, 15)), goal: `Self-sufficiency in ${this.random.pick(TECHNOLOGIES)}` },
      ];
    return this.development('PolicyIssued', day, `${issuer} issues ${title}`, [issuer, `country:${country}`], data);
  }

  exportControl(n: number, day: number): SyntheticDevelopment {
    const country = this.world.country(this.random);
    const issuer = this.world.government(country);
    const targets = this.random.chance(0.5)
      ? this.distinctOrganisations(this.random.int(1, 3))
      : [`country:${this.world.country(this.random)}`];
    const technologies = this.random.sample(TECHNOLOGIES, this.random.int(1, 3));
    const data = {
      controlId: `control-${n}`,
      title: `Export controls on ${technologies[0]} (${n})`,
      issuer,
      targets,
      technologies,
    };
    return this.development(
      'ExportControlImposed',
      day,
      `${issuer} restricts exports of ${technologies.join(', ')}`,
      [issuer, ...targets],
      data,
    );
  }

  agreement(n: number, day: number): SyntheticDevelopment {
    const parties = this.parties();
    const title = `Memorandum on cooperation in ${this.random.pick(SECTORS)} (${n})`;
    const data: Record<string, unknown> = { agreementId: `agreement-${n}`, title, parties };
    if (this.random.chance(0.5))
      data.scope = `Joint work on ${this.random.pick(TECHNOLOGIES)} and related supply chains`;
    return this.development('AgreementSigned', day, `${parties.join(', ')} sign ${title}`, parties, data);
  }

  partnership(n: number, day: number): SyntheticDevelopment {
    const parties = this.parties();
    const purpose = `A joint venture to develop ${this.random.pick(TECHNOLOGIES)}`;
    return this.development('PartnershipFormed', day, `${parties.join(' and ')} form a partnership`, parties, {
      partnershipId: `partnership-${n}`,
      parties,
      purpose,
    });
  }

  investmentSeries(n: number): InvestmentSeries {
    const investor = this.random.chance(0.6) ? this.world.organisation(this.random) : undefined;
    const roll = this.random.next();
    const destination =
      roll < 0.7
        ? `country:${investor && this.random.chance(0.5) ? investor.homeCountry : this.world.country(this.random)}`
        : roll < 0.8
          ? `region:${this.random.pick(REGION_CODES)}`
          : undefined;
    return {
      series: `series-${n}`,
      label: `Investment in ${this.random.pick(SECTORS)}${destination ? ` in ${destination.split(':')[1]}` : ''} (${n})`,
      quarterly: this.random.chance(0.4),
      ...(investor ? { investor: investor.ref } : {}),
      ...(destination ? { destination } : {}),
    };
  }

  /** A figure of the series for the last period that ended before the report on `day`. */
  investment(series: InvestmentSeries, day: number): SyntheticDevelopment {
    const iso = isoDay(day - 30);
    const year = Number(iso.slice(0, 4));
    const quarter = Math.floor((Number(iso.slice(5, 7)) - 1) / 3);
    const period = series.quarterly ? (quarter === 0 ? `${year - 1}-36` : `${year}-${32 + quarter}`) : String(year - 1);
    const data: Record<string, unknown> = {
      series: series.series,
      measure: 'flow',
      label: series.label,
      period,
      value: this.money(),
    };
    if (series.investor) data.investor = series.investor;
    if (series.destination) data.destination = series.destination;
    const subjects = [series.investor, series.destination].filter((s): s is string => s !== undefined);
    return this.development(
      'InvestmentReported',
      day,
      `${series.label}: figure for ${period}`,
      subjects.length > 0 ? subjects : [this.world.government(this.world.country(this.random))],
      data,
    );
  }

  acquisition(n: number, day: number): SyntheticDevelopment {
    const [acquirer, target] = this.distinctOrganisations(2) as [string, string];
    const data: Record<string, unknown> = {
      acquisitionId: `acquisition-${n}`,
      acquirer,
      target,
      stake: this.random.int(5, 100),
    };
    if (this.random.chance(0.6)) data.value = this.money();
    return this.development(
      'AcquisitionCompleted',
      day,
      `${acquirer} completes the acquisition of ${target}`,
      [acquirer, target],
      data,
    );
  }

  /** Developments no view reads: they pass through the development history only. */
  other(n: number, day: number): SyntheticDevelopment {
    const company = this.world.organisation(this.random).ref;
    if (this.random.chance(0.5)) {
      return this.development('ProductLaunched', day, `${company} launches product ${n}`, [company], {
        company,
        product: `${this.random.pick(TECHNOLOGIES)} model ${n}`,
        markets: [this.world.country(this.random)],
      });
    }
    const participants = this.parties();
    return this.development('MeetingHeld', day, `Meeting ${n} of ${participants.join(', ')}`, participants, {
      meetingId: `meeting-${n}`,
      title: `Dialogue on ${this.random.pick(SECTORS)} (${n})`,
      participants,
    });
  }

  private development(
    type: DevelopmentType,
    day: number,
    summary: string,
    subjects: string[],
    data: Record<string, unknown>,
    expectations: Expectation[] = [],
  ): SyntheticDevelopment {
    const date = edtfAround(day, this.random);
    // A report comes out on the day or within a few weeks of it, never before: it reports the development as done.
    const publishedDay = this.random.chance(PUBLISHED) ? day + this.random.int(0, 20) : undefined;
    const body: DevelopmentBody = {
      date,
      summary,
      subjects: [...new Set(subjects)],
      sources: [
        {
          title: `${summary.slice(0, 80)} - trade press`,
          url: `https://news.example.com/${isoDay(day).replaceAll('-', '/')}/${this.random.int(100000, 999999)}`,
          quote: this.random.pick(QUOTES),
          ...(publishedDay === undefined ? {} : { published: isoDay(publishedDay) }),
        },
      ],
      ...(expectations.length > 0 ? { expectations } : {}),
      data,
    };
    if (date.length === 4 || date.endsWith('~') || date.endsWith('?'))
      body.dateNote = 'the report gives the date only this precisely';
    if (date.startsWith('../')) body.dateNote = 'the report says only that it had happened by then';
    return { type, body, ...(publishedDay === undefined ? {} : { publishedDay }) };
  }

  private money(): { value: number; currency: string; unit: 'million' | 'billion' } {
    return {
      value: this.random.int(1, 9_999) / 10,
      currency: this.random.pick(['USD', 'EUR', 'CNY']),
      unit: this.random.chance(0.7) ? 'million' : 'billion',
    };
  }

  private distinctOrganisations(count: number): string[] {
    const chosen = new Set<string>();
    while (chosen.size < count) chosen.add(this.world.organisation(this.random).ref);
    return [...chosen];
  }

  /** Two to four parties: organisations, governments and countries. */
  private parties(): string[] {
    const parties = new Set<string>();
    const count = this.random.int(2, 4);
    while (parties.size < count) {
      const roll = this.random.next();
      if (roll < 0.5) parties.add(this.world.organisation(this.random).ref);
      else if (roll < 0.8) parties.add(this.world.government(this.world.country(this.random)));
      else parties.add(`country:${this.world.country(this.random)}`);
    }
    return [...parties];
  }
}
