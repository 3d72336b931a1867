import type { PresentedDevelopment } from '../developments/present.js';
import type { DevelopmentFilter } from '../filters/development-filter.js';

/** One recorded change to the timeline, as feeds, Atom and webhooks deliver it. */
export interface FeedMessage {
  /** Store position: the SSE `id`, the resume point, the webhook cursor. */
  position: string;
  /** `DevelopmentRecorded`, `DevelopmentCorrected` or `DevelopmentRetracted`. */
  kind: 'DevelopmentRecorded' | 'DevelopmentCorrected' | 'DevelopmentRetracted';
  recordedAt: string;
  /** The development as it stands after this change. */
  development: PresentedDevelopment;
}

/** The feed, Atom and webhooks filter exactly as the timeline does. */
export type FeedFilter = DevelopmentFilter;

export function kindOf(eventType: string): FeedMessage['kind'] {
  return eventType === 'DevelopmentCorrected' || eventType === 'DevelopmentRetracted'
    ? eventType
    : 'DevelopmentRecorded';
}
