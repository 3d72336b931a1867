import { MEASURES, SCALES } from '../../events/index.js';
import { VIEW_NAMES } from '../../projections/index.js';
import { figureSeries as figureSeriesExample } from './examples.js';
import { day, extend, mergeObjects, nullable, object, ref, strings, type Schema } from './json-schema.js';

const text = { type: 'string' };
const edtf = (description: string): Schema => ({ type: 'string', description: `EDTF: ${description}` });
const STATUS = ['pending', 'met', 'met-late', 'overdue'];
const figureSource = object(
  { title: text, publisher: text, published: edtf('when the source was published') },
  ['publisher', 'published'],
  'The source that states the figure',
);

const CERTAINTY = {
  enum: ['certain', 'possible', 'unconfirmed'],
  description:
    '`certain`: every development behind it had surely happened by asOf and its sources cover asOf; ' +
    '`possible`: it may have happened by asOf; `unconfirmed`: asOf is after its last report — its last known ' +
    'state, which no source confirms on that day',
};
const lastReported = object(
  {
    day: day('Last day its evidence covers'),
    date: edtf(
      'that edge as the source gives it: the latest publication among its sources, or its own date when none gives one',
    ),
    text: { type: 'string', description: 'That date in words ("March 2025")' },
  },
  [],
  'The edge of its evidence',
);

const rowExpectation = {
  type: { type: 'string', description: 'The development type expected' },
  date: edtf('when it is due, as the source gave it'),
  dateText: { type: 'string', description: 'The due date in words' },
  note: text,
  setBy: { type: 'string', format: 'uuid', description: 'The development that set it' },
  due: day('Last day it is due on'),
  met: object({ by: { type: 'string', format: 'uuid' }, date: text, onTime: { type: 'boolean' } }),
};

/** What every stored view adds to a row's value as of the date. */
const presented = {
  expectations: {
    type: 'array',
    items: object(
      {
        ...rowExpectation,
        status: { enum: STATUS },
        statusText: {
          type: 'string',
          description:
            'The status in words: a passed date with nothing recorded meeting it reads "not recorded as met by …"',
        },
      },
      ['note', 'met'],
    ),
    description: 'Plans on the row, each with its status as of the date',
  },
  datesInWords: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Each EDTF date the row holds, in words',
  },
};

const steps = (names: string[]) =>
  object(
    Object.fromEntries(names.map((n) => [n, edtf(`when it became ${n}`)])),
    names,
    'The date of each step it has been through',
  );

function viewValues(data: (type: string) => Schema): Record<string, Schema> {
  const facility = [
    'FacilityAnnounced',
    'FacilityConstructionStarted',
    'FacilityOpened',
    'FacilityClosed',
    'FacilityPlanCancelled',
  ];
  const acquisition = ['AcquisitionAnnounced', 'AcquisitionCompleted', 'AcquisitionBlocked'];
  const facilityStatus = ['announced', 'under-construction', 'operating', 'closed', 'cancelled'];
  return {
    facilities: extend(
      mergeObjects(facility.map(data), ['reason']),
      {
        status: { enum: facilityStatus },
        steps: steps(facilityStatus),
        closureReason: text,
        cancellationReason: text,
        ...presented,
      },
      ['status', 'steps'],
    ),
    licensing: extend(
      data('LicensingDealSigned'),
      {
        status: { enum: ['signed', 'terminated'] },
        signed: edtf('signed'),
        terminated: edtf('terminated'),
        terminationReason: text,
        licensorCountry: text,
        licenseeCountry: text,
        usedIn: strings("Where the licence is used: the countries the deal names, else the licensee's home country"),
        ...presented,
      },
      ['status', 'signed', 'usedIn'],
    ),
    policies: object(
      {
        policyId: text,
        kind: { type: 'string', description: "The policy's kind (plan, strategy...), or export-control" },
        title: text,
        issuer: text,
        coIssuers: strings(),
        issued: edtf('issued'),
        issuerCountry: text,
        jurisdiction: strings(),
        sectors: strings(),
        effective: edtf('the period it is in force'),
        targets: {
          type: 'array',
          items: object({ date: text, goal: text, status: { enum: ['pending', 'date-passed'] } }),
        },
        restricts: strings('Export controls: who is restricted'),
        technologies: strings(),
        amendments: { type: 'array', items: object({ date: text, change: text }) },
        ended: edtf('repealed or lifted'),
        endReason: text,
        inForce: {
          type: ['boolean', 'null'],
          description:
            'As of the date: true within the effective period a source gives (not repealed or lifted), false ' +
            'outside it, null when no source gives a period or the policy is a document (a report, a statement)',
        },
        inForceText: {
          type: 'string',
          description:
            'The same in words, with the period and issue date as given: "in force 2026-2030, issued 23 October 2025"',
        },
        ...presented,
      },
      ['issuerCountry', 'effective', 'ended', 'endReason', 'expectations', 'datesInWords'],
    ),
    agreements: object(
      {
        agreementId: text,
        kind: { enum: ['agreement', 'partnership'] },
        title: text,
        parties: strings(),
        scope: text,
        signed: edtf('signed'),
        status: { enum: ['in-force', 'terminated'] },
        terminated: edtf('terminated'),
        terminationReason: text,
        countries: strings(),
        ...presented,
      },
      ['scope', 'terminated', 'terminationReason', 'expectations', 'datesInWords'],
    ),
    investments: object(
      {
        series: text,
        measure: {
          enum: [...MEASURES],
          description: 'What the figures measure; figures of different measures are never added',
        },
        label: { type: 'string', description: 'What the series is, in words' },
        partOf: { type: 'string', description: 'The series this one is a component of' },
        investor: text,
        reporter: text,
        destination: text,
        latest: object(
          {
            period: edtf('the period the figure covers'),
            value: (data('InvestmentReported').properties as Record<string, Schema>).value!,
            reported: edtf('when it was reported'),
            development: { type: 'string', format: 'uuid', description: 'The development that reports it' },
            source: figureSource,
          },
          [],
          'The latest figure of the series reported by the date',
        ),
        figures: { type: 'integer', minimum: 1, description: 'Figures of the series reported by then' },
        ...presented,
      },
      ['partOf', 'investor', 'reporter', 'destination', 'expectations', 'datesInWords'],
    ),
    acquisitions: extend(
      mergeObjects(acquisition.map(data), ['blockedBy', 'reason']),
      {
        status: { enum: ['announced', 'completed', 'blocked'] },
        steps: steps(['announced', 'completed', 'blocked']),
        acquirerCountry: text,
        targetCountry: text,
        blockedBy: text,
        blockReason: text,
        ...presented,
      },
      ['status', 'steps'],
    ),
    relationships: object(
      {
        relationshipId: text,
        kind: { enum: ['licence', 'partnership', 'joint-venture', 'ownership', 'acquisition'] },
        parties: {
          type: 'array',
          items: object(
            {
              entity: { type: 'string', description: 'An organisation (partners may include governments)' },
              role: { enum: ['licensor', 'licensee', 'partner', 'owner', 'subsidiary', 'acquirer', 'acquired'] },
              country: { type: 'string', description: 'Its home country, from the registry' },
            },
            ['country'],
          ),
        },
        technology: { type: 'string', description: 'Licences: the technology licensed' },
        status: {
          type: 'string',
          description:
            'signed or terminated (licence), in-force or terminated (partnership, joint venture), ' +
            'announced, completed or blocked (acquisition), owned (ownership)',
        },
        title: { type: 'string', description: 'Partnerships: what it is for' },
        usedIn: strings('Licences: where the technology is used, when the deal says'),
        ...presented,
      },
      ['technology', 'title', 'usedIn', 'expectations', 'datesInWords'],
      'A relationship between organisations: not presence in a country',
    ),
    footprint: object(
      {
        organisation: text,
        country: text,
        presence: {
          enum: ['present', 'planned'],
          description:
            'present: something of its own is there; planned: only plans (announced), never counted as presence',
        },
        origin: { type: 'string', description: "The organisation's home country" },
        facilities: {
          type: 'object',
          additionalProperties: object({ kind: text, status: text }),
          description: 'Facilities there, by id',
        },
        acquisitions: strings(),
        subsidiaries: strings('Ownership relationships that make a subsidiary there its own'),
        modes: strings('Kinds of presence: plant:operating, acquirer, plant:announced (a plan)...'),
      },
      ['origin'],
      'One organisation present in one country',
    ),
  };
}

const title = (view: string) => view[0]!.toUpperCase() + view.slice(1);

function rowOf(value: Schema, description: string): Schema {
  return object(
    {
      key: text,
      certainty: CERTAINTY,
      validFrom: day(
        'First day of this version of the row in the series that answered (the certain one for a certain row)',
      ),
      validTo: nullable(day('Day this version ends (exclusive); null while open')),
      since: object(
        {
          date: edtf('the date, as the source gives it, of the development that began the row’s state'),
          text: { type: 'string', description: 'That date in words, never more precise than the source' },
        },
        [],
      ),
      certainSince: nullable(
        object({ day: day('First day it is certain'), text: { type: 'string' } }, [], 'When the row became certain'),
      ),
      lastReported,
      certaintyText: { type: 'string', description: 'Its certainty in words: "operating, last reported March 2025"' },
      developments: {
        type: 'array',
        items: { type: 'string', format: 'uuid' },
        description: 'The developments it derives from',
      },
      moreDevelopments: { const: true, description: 'Footprint: more developments than the 100 listed' },
      value,
    },
    ['moreDevelopments'],
    description,
  );
}

/** Rows of each view, the pages that hold them, counts over time, plans against outcomes. */
export function viewSchemas(data: (type: string) => Schema): Record<string, Schema> {
  const values = viewValues(data);
  const schemas: Record<string, Schema> = {};
  for (const view of VIEW_NAMES) {
    schemas[`${title(view)}Value`] = values[view]!;
    schemas[`${title(view)}Row`] = rowOf(ref(`${title(view)}Value`), `A row of ${view} as of the date`);
    schemas[`${title(view)}Page`] = {
      type: 'object',
      required: ['view', 'rows'],
      properties: { view: { const: view }, rows: { type: 'array', items: ref(`${title(view)}Row`) } },
    };
  }
  const byView = (name: string) => ({
    oneOf: VIEW_NAMES.map((view) => ref(`${title(view)}${name}`)),
    discriminator: {
      propertyName: 'view',
      mapping: Object.fromEntries(VIEW_NAMES.map((view) => [view, `#/components/schemas/${title(view)}${name}`])),
    },
  });
  return {
    ...schemas,
    RowValue: { anyOf: VIEW_NAMES.map((view) => ref(`${title(view)}Value`)) },
    ViewRow: { anyOf: VIEW_NAMES.map((view) => ref(`${title(view)}Row`)) },
    StatePage: {
      ...object(
        {
          view: { enum: [...VIEW_NAMES] },
          asOf: day('The valid date asked'),
          knownAt: { type: 'string', format: 'date-time', description: 'The transaction time answered' },
          publishedBy: day('The publication axis, when asked'),
          rows: { type: 'array', items: ref('ViewRow') },
          nextCursor: { type: 'string' },
        },
        ['publishedBy', 'nextCursor'],
      ),
      ...byView('Page'),
    },
    Series: object(
      {
        view: { enum: [...VIEW_NAMES] },
        from: day('First day'),
        to: day('Last day'),
        step: { enum: ['year', 'quarter', 'month'] },
        groupBy: { enum: ['country', 'origin', 'status', 'kind'] },
        points: {
          type: 'array',
          items: object(
            {
              date: day('Last day of the step: the counts are the rows as of that day'),
              total: { type: 'integer', minimum: 0 },
              groups: {
                type: 'object',
                additionalProperties: { type: 'number' },
                description: 'Rows per group',
              },
            },
            ['groups'],
          ),
        },
      },
      ['groupBy'],
    ),
    FigureSeries: {
      example: figureSeriesExample,
      ...object(
        {
          view: { const: 'investments' },
          from: day('First day'),
          to: day('Last day'),
          step: { enum: ['year', 'quarter', 'month'] },
          series: {
            type: 'array',
            description: 'One line per series (and per measure and unit); values are never summed across series',
            items: object(
              {
                series: text,
                label: text,
                measure: { enum: [...MEASURES] },
                unit: { type: 'string', description: 'For display: USD million, percent, count' },
                currency: { type: 'string', description: 'ISO 4217, for money' },
                scale: { enum: [...SCALES] },
                partOf: { type: 'string', description: 'The series this one is a component of: never added to it' },
                points: {
                  type: 'array',
                  items: object(
                    {
                      date: day('Last day of the step: the figure the series holds as of that day'),
                      value: nullable({
                        type: 'number',
                        description: "In the line's unit; null before its first figure",
                      }),
                      bound: { type: 'string', description: 'How the source qualified it: over, about...' },
                      period: edtf('the period the figure covers (a later step keeps the figure and its period)'),
                      periodText: { type: 'string', description: 'The period in words' },
                      development: { type: 'string', format: 'uuid' },
                      source: figureSource,
                      certainty: { type: 'string', description: 'Of the figure as of the step' },
                    },
                    ['bound', 'period', 'periodText', 'development', 'source', 'certainty'],
                  ),
                },
              },
              ['currency', 'scale', 'partOf'],
            ),
          },
        },
        [],
        'Figures per series over time (GET /state/investments/series)',
      ),
    },
    ExpectationsPage: object(
      {
        asOf: day('The date asked'),
        expectations: {
          type: 'array',
          items: object(
            {
              ...rowExpectation,
              status: { enum: STATUS },
              statusText: text,
              view: text,
              key: text,
              row: { type: 'string', description: 'What the row is: its title, name or key' },
              certainty: { ...CERTAINTY, description: 'Certainty of the row it is on' },
              lastReported,
            },
            ['note', 'met'],
          ),
        },
        nextCursor: text,
      },
      ['nextCursor'],
    ),
    ChangesPage: object({
      view: { enum: [...VIEW_NAMES] },
      from: day('First date'),
      to: day('Second date'),
      changes: {
        type: 'array',
        items: object({ key: text, before: nullable(ref('ViewRow')), after: nullable(ref('ViewRow')) }),
        description: 'Each row that differs: as of `from` and as of `to` (null where it did not hold)',
      },
    }),
    ViewsOfEntity: object(
      Object.fromEntries(
        VIEW_NAMES.map((view) => [
          view,
          {
            type: 'array',
            items: ref(`${title(view)}Row`),
          },
        ]),
      ),
      [...VIEW_NAMES],
      "Every view's rows that name the entity (a view being rebuilt is left out)",
    ),
  };
}
