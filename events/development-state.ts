import type { DevelopmentType } from './catalogue.js';
import type { DevelopmentBody } from './development.js';
import type { Correction, Retraction } from './lifecycle.js';
import { upcastBody } from './upcast.js';

/** What the log says about one development: its current form and how it got there. */
export interface DevelopmentState extends DevelopmentBody {
  id: string;
  type: DevelopmentType;
  /** Revision of the stream's last event: the `ETag` a correction or retraction must match. */
  revision: number;
  recordedAt: string;
  /** The name of the key (or the tool) that recorded it: who, for the audit; never a secret. */
  recordedBy?: string;
  position: string;
  corrections: {
    revision: number;
    recordedAt: string;
    recordedBy?: string;
    reason: string;
    changes: Correction['changes'];
  }[];
  retracted?: { revision: number; recordedAt: string; recordedBy?: string; reason: string };
}

export interface DevelopmentEvent {
  type: string;
  data: unknown;
  revision: number;
  recordedAt: string;
  position: string;
  streamId: string;
  metadata?: Record<string, unknown>;
}

/** Who stored the event, as the service wrote it into the event's metadata. */
const byOf = (event: DevelopmentEvent) =>
  typeof event.metadata?.recordedBy === 'string' ? { recordedBy: event.metadata.recordedBy } : {};

/** Folds one event of a `development-<id>` stream into the development's state. */
export function evolveDevelopment(
  state: DevelopmentState | undefined,
  event: DevelopmentEvent,
): DevelopmentState | undefined {
  if (event.type === 'DevelopmentCorrected') {
    if (!state) return undefined;
    const { changes, reason } = event.data as Correction;
    return {
      ...state,
      ...upcastBody(state.type, applyChanges(state, changes)),
      revision: event.revision,
      corrections: [
        ...state.corrections,
        { revision: event.revision, recordedAt: event.recordedAt, ...byOf(event), reason, changes },
      ],
    };
  }
  if (event.type === 'DevelopmentRetracted') {
    if (!state) return undefined;
    const { reason } = event.data as Retraction;
    return {
      ...state,
      revision: event.revision,
      retracted: { revision: event.revision, recordedAt: event.recordedAt, ...byOf(event), reason },
    };
  }
  const body = upcastBody(event.type, event.data as DevelopmentBody);
  return {
    id: event.streamId,
    type: event.type as DevelopmentType,
    ...body,
    revision: event.revision,
    recordedAt: event.recordedAt,
    ...byOf(event),
    position: event.position,
    corrections: [],
  };
}

/**
 * The body a correction produces: listed fields replaced, `data` merged key by key (a key set to
 * null is removed).
 */
export function applyChanges(body: DevelopmentBody, changes: Correction['changes']): DevelopmentBody {
  const { data, ...fields } = changes;
  const merged = data ? { ...body.data, ...data } : body.data;
  const expectations = fields.expectations ?? body.expectations;
  return {
    date: fields.date ?? body.date,
    ...((fields.dateNote ?? body.dateNote) ? { dateNote: fields.dateNote ?? body.dateNote } : {}),
    summary: fields.summary ?? body.summary,
    subjects: fields.subjects ?? body.subjects,
    sources: fields.sources ?? body.sources,
    ...(expectations && expectations.length > 0 ? { expectations } : {}),
    data: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null)),
  };
}
