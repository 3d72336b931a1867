import { VIEW_NAMES } from '../../projections/index.js';
import { day, extend, mergeObjects, nullable, object, ref, strings, type Schema } from './json-schema.js';

const text = { type: 'string' };
const edtf = (description: string): Schema => ({ type: 'string', description: `EDTF: ${description}` });
const STATUS = ['pending', 'met', 'met-late', 'overdue'];

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
    items: object({ ...rowExpectation, status: { enum: STATUS } }, ['note', 'met']),
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
          type: 'boolean',
          description: 'Within its effective period and not repealed or lifted, as of the date',
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
        measure: text,
        investor: text,
        reporter: text,
        destination: text,
        latest: object(
          {
            period: edtf('the period the figure covers'),
            value: (data('InvestmentReported').properties as Record<string, Schema>).value!,
            reported: edtf('when it was reported'),
          },
          [],
          'The latest figure of the series reported by the date',
        ),
        figures: { type: 'integer', minimum: 1, description: 'Figures of the series reported by then' },
        ...presented,
      },
      ['investor', 'reporter', 'destination', 'expectations', 'datesInWords'],
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
    footprint: object(
      {
        organisation: text,
        country: text,
        origin: { type: 'string', description: "The organisation's home country" },
        facilities: {
          type: 'object',
          additionalProperties: object({ kind: text, status: text }),
          description: 'Facilities there, by id',
        },
        licensedOut: strings('Licences of its technology used in the country'),
        licensedIn: strings('Licences it took in the country'),
        acquisitions: strings(),
        modes: strings('Kinds of presence: plant:operating, licensor, acquirer...'),
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
      certainty: {
        enum: ['certain', 'possible'],
        description: '`certain` when every development behind it had surely happened by asOf',
      },
      validFrom: day('First day of this version of the row'),
      validTo: nullable(day('Day this version ends (exclusive); null while open')),
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
              sums: {
                type: 'object',
                additionalProperties: { type: 'number' },
                description: 'Investments: the sum of the latest figures per currency, in units',
              },
            },
            ['groups', 'sums'],
          ),
        },
      },
      ['groupBy'],
    ),
    ExpectationsPage: object(
      {
        asOf: day('The date asked'),
        expectations: {
          type: 'array',
          items: object(
            {
              ...rowExpectation,
              status: { enum: STATUS },
              view: text,
              key: text,
              row: { type: 'string', description: 'What the row is: its title, name or key' },
              certainty: { enum: ['certain', 'possible'], description: 'Certainty of the row it is on' },
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
