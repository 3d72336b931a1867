import { z } from 'zod';
import { type DataOf, DEVELOPMENT_TYPES } from '../events/index.js';
import { defineProjection, unhandled, unique } from './projection.js';
import { rowValue, steps, text } from './row-value.js';

export const ACQUISITION_STATUSES = ['announced', 'completed', 'blocked'] as const;
export type AcquisitionStatus = (typeof ACQUISITION_STATUSES)[number];

const blocked = DEVELOPMENT_TYPES.AcquisitionBlocked.data.shape;

/** An acquisition: what its steps' data said (each step's is the announcement's), and how far it got. */
export const acquisitionState = DEVELOPMENT_TYPES.AcquisitionAnnounced.data.extend({
  status: z.enum(ACQUISITION_STATUSES),
  steps: steps(ACQUISITION_STATUSES),
  acquirerCountry: text("The acquirer's home country, from the registry").optional(),
  targetCountry: text("The target's home country, from the registry").optional(),
  blockedBy: blocked.blockedBy,
  blockReason: blocked.reason.describe('Why it was blocked, when the source says'),
});
export type Acquisition = z.infer<typeof acquisitionState>;

/** A row of `acquisitions` as answered. */
export const acquisitionValue = rowValue(acquisitionState);
export type AcquisitionValue = z.infer<typeof acquisitionValue>;

/**
 * Acquisitions: announced, completed or blocked. A completed one places the acquirer in the target's
 * country; an announced one is planned presence there.
 */
export const acquisitions = defineProjection<
  Acquisition,
  'AcquisitionAnnounced' | 'AcquisitionCompleted' | 'AcquisitionBlocked'
>({
  name: 'acquisitions',
  version: 2,
  handles: ['AcquisitionAnnounced', 'AcquisitionCompleted', 'AcquisitionBlocked'],
  keysOf: (d) => [d.data.acquisitionId],
  evolve: (acquisition, d, _key, context) => {
    const status: AcquisitionStatus =
      d.type === 'AcquisitionAnnounced'
        ? 'announced'
        : d.type === 'AcquisitionCompleted'
          ? 'completed'
          : d.type === 'AcquisitionBlocked'
            ? 'blocked'
            : unhandled(d);
    const { blockedBy, reason, ...data } = d.data as DataOf<'AcquisitionBlocked'>;
    return {
      ...acquisition,
      ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)),
      ...(blockedBy ? { blockedBy } : {}),
      ...(reason ? { blockReason: reason } : {}),
      status,
      steps: { ...acquisition?.steps, [status]: d.date.edtf },
      acquirerCountry: context.homeCountry(data.acquirer),
      targetCountry: context.homeCountry(data.target),
    } as Acquisition;
  },
  indexed: (a) => ({
    countries: unique([a.targetCountry]),
    subjects: unique([a.acquirer, a.target, a.blockedBy]),
    status: a.status,
  }),
  statuses: ACQUISITION_STATUSES,
  placements: (a) =>
    a.status !== 'blocked' && a.targetCountry
      ? [
          {
            organisation: a.acquirer,
            country: a.targetCountry,
            via: 'acquisition',
            mode: a.status === 'completed' ? 'acquirer' : 'acquirer:announced',
          },
        ]
      : [],
  placementModes: ['acquirer', 'acquirer:announced'],
  value: acquisitionValue,
});
