import type { DevelopmentState } from '../../events/index.js';

/** One recorded change to the timeline, as feeds, Atom and webhooks deliver it. */
export interface FeedMessage {
  /** Store position: the SSE `id`, the resume point, the webhook cursor. */
  position: string;
  /** `DevelopmentRecorded`, `DevelopmentCorrected` or `DevelopmentRetracted`. */
  kind: 'DevelopmentRecorded' | 'DevelopmentCorrected' | 'DevelopmentRetracted';
  recordedAt: string;
  /** The development as it stands after this change. */
  development: DevelopmentState;
}

export interface FeedFilter {
  types?: string[];
  subject?: string;
  country?: string;
  q?: string;
}

export function kindOf(eventType: string): FeedMessage['kind'] {
  return eventType === 'DevelopmentCorrected' || eventType === 'DevelopmentRetracted' ? eventType : 'DevelopmentRecorded';
}
