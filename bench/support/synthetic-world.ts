import { entityStream } from '../../events/index.js';
import { COUNTRY_CODES } from '../../events/index.js';
import { uuidFromName } from '../../src/ids.js';
import type { AppendRequest } from '../../src/store/event-store.js';
import { BENCH_PRINCIPAL } from './synthetic-developments.js';
import { SeededRandom, WeightedChoice } from './seeded-random.js';

/** Economies that appear most in the news come first and get the largest shares. */
const LEADING = [
  'CN',
  'US',
  'DE',
  'JP',
  'GB',
  'IN',
  'FR',
  'KR',
  'BR',
  'IT',
  'CA',
  'RU',
  'AU',
  'ES',
  'MX',
  'ID',
  'NL',
  'SA',
  'TR',
  'CH',
  'PL',
  'SE',
  'BE',
  'TH',
  'VN',
  'MY',
  'SG',
  'AE',
  'EG',
  'ZA',
  'NG',
  'HU',
  'CZ',
  'CL',
  'AR',
  'PK',
  'KZ',
  'EU',
];
const UNINHABITED = new Set(['AQ', 'BV', 'HM', 'GS', 'TF', 'UM', 'IO']);
const COUNTRY_COUNT = 200;
const ORGANISATIONS = 3_000;

export interface Organisation {
  ref: string;
  name: string;
  homeCountry: string;
}

/** The countries, organisations and governments the synthetic timeline is about. */
export class SyntheticWorld {
  readonly countries: string[];
  readonly organisations: Organisation[];
  /** The organisation that appears most, and builds thousands of facilities in its home country. */
  readonly hotOrganisation: Organisation;
  private readonly countryChoice: WeightedChoice<string>;
  private readonly organisationChoice: WeightedChoice<Organisation>;

  constructor(random: SeededRandom) {
    const rest = [...COUNTRY_CODES].filter((c) => !LEADING.includes(c) && !UNINHABITED.has(c));
    this.countries = [...LEADING, ...rest].slice(0, COUNTRY_COUNT);
    // Zipf-like: a few countries carry much of the news, the long tail a little each.
    this.countryChoice = new WeightedChoice(
      this.countries,
      this.countries.map((_, rank) => 1 / (rank + 1) ** 0.9),
    );
    this.organisations = Array.from({ length: ORGANISATIONS }, (_, i) => ({
      ref: `org:synth-${String(i).padStart(4, '0')}`,
      name: `Synthetic Organisation ${i}`,
      homeCountry: this.country(random),
    }));
    this.hotOrganisation = this.organisations[0]!;
    this.organisationChoice = new WeightedChoice(
      this.organisations,
      this.organisations.map((_, rank) => 1 / (rank + 1) ** 0.6),
    );
  }

  country(random: SeededRandom): string {
    return this.countryChoice.pick(random);
  }

  organisation(random: SeededRandom): Organisation {
    return this.organisationChoice.pick(random);
  }

  government(country: string): string {
    return `gov:${country.toLowerCase()}`;
  }

  /** Registrations of every organisation and one government per country, as `RegisterEntities` appends them. */
  registrations(): AppendRequest[] {
    const entities = [
      ...this.organisations.map((o) => ({
        entityId: o.ref,
        kind: 'organisation',
        name: o.name,
        homeCountry: o.homeCountry,
      })),
      ...this.countries.map((c) => ({
        entityId: this.government(c),
        kind: 'government',
        name: `Government of ${c}`,
        homeCountry: c,
      })),
    ];
    return entities.map((entity) => ({
      stream: entityStream(entity.entityId),
      events: [
        {
          id: uuidFromName(`entity:${entity.entityId}`),
          type: 'EntityRegistered',
          data: entity,
          metadata: { recordedBy: BENCH_PRINCIPAL },
        },
      ],
      expectedRevision: 'no_stream' as const,
    }));
  }
}
