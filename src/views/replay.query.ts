import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { DevelopmentState } from '../../events/index.js';
import { GetTimeline, GetTimelineHandler, type TimelineDevelopment } from '../developments/timeline/timeline.query.js';
import type { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { versionsOf } from './engine/fold.js';
import { memberOfRecord, ViewEngine } from './build/view-engine.js';
import { presentValue } from './read/view-rows.js';

export interface ViewChange {
  view: string;
  key: string;
  before: unknown;
  after: unknown;
  /** Top-level fields whose value changed. */
  changed: string[];
}

export interface ReplayStep {
  development: TimelineDevelopment;
  changes: ViewChange[];
}

export class GetReplay extends Query<{ steps: ReplayStep[]; nextCursor?: string }> {
  constructor(readonly filters: TimelineQueryDto) {
    super();
  }
}

/** The developments in valid-time order, each with what it changed in which view (the possible series, as it stands). */
@QueryHandler(GetReplay)
export class GetReplayHandler implements IQueryHandler<GetReplay> {
  constructor(
    private readonly engine: ViewEngine,
    private readonly timeline: GetTimelineHandler,
  ) {}

  async execute({ filters }: GetReplay) {
    const page = await this.timeline.execute(new GetTimeline(filters));
    const steps = page.developments.map((development) => ({ development, changes: this.changesOf(development) }));
    return { steps, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  private changesOf(development: DevelopmentState): ViewChange[] {
    const seq = this.engine.store.seqOf(development.id);
    if (seq === undefined) return [];
    const changes: ViewChange[] = [];
    for (const projection of this.engine.projections) {
      const vw = this.engine.servingVw(projection.name);
      if (vw === undefined || !projection.handles.includes(development.type)) continue;
      for (const { key } of this.engine.store.liveMembersOfSeq(vw, seq)) {
        const records = this.engine.store.liveMembersOfKey(vw, key);
        const day = records.find((r) => r.seq === seq)?.earliest;
        if (day === undefined) continue;
        const possible = versionsOf(projection, key, records.map(memberOfRecord), this.engine.context).versions.filter(
          (v) => v.validFrom !== null,
        );
        const read = (json: string | undefined) =>
          json ? presentValue(projection, JSON.parse(json) as Record<string, unknown>, day) : null;
        const after = read(possible.find((v) => v.validFrom === day)?.json);
        const before = read(possible.find((v) => v.validTo === day)?.json);
        changes.push({ view: projection.name, key, before, after, changed: changedFields(before, after) });
      }
    }
    return changes;
  }
}

function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...fields].filter((f) => JSON.stringify(before?.[f]) !== JSON.stringify(after?.[f])).sort();
}
