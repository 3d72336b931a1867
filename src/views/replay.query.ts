import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { DevelopmentState } from '../../events/index.js';
import { GetTimeline, GetTimelineHandler } from '../developments/timeline/timeline.query.js';
import type { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { ReadModel } from '../read-model/read-model.js';
import { ViewEngine } from './view-engine.js';

export interface ViewChange {
  view: string;
  key: string;
  before: unknown;
  after: unknown;
  /** Top-level fields whose value changed. */
  changed: string[];
}

export interface ReplayStep {
  development: DevelopmentState;
  changes: ViewChange[];
}

export class GetReplay extends Query<{ steps: ReplayStep[]; nextCursor?: string }> {
  constructor(readonly filters: TimelineQueryDto) {
    super();
  }
}

/** The developments in valid-time order, each with what it changed in which view. */
@QueryHandler(GetReplay)
export class GetReplayHandler implements IQueryHandler<GetReplay> {
  constructor(private readonly readModel: ReadModel, private readonly engine: ViewEngine, private readonly timeline: GetTimelineHandler) {}

  async execute({ filters }: GetReplay) {
    const page = await this.timeline.execute(new GetTimeline(filters));
    const keys = this.readModel.db.prepare<[string, string], { key: string; sort_key: string }>(
      'SELECT key, sort_key FROM view_keys WHERE view = ? AND development_id = ?');
    const member = this.readModel.db.prepare<[string, string, string], { state: string }>(
      'SELECT state FROM view_members WHERE view = ? AND key = ? AND sort_key = ?');
    const previous = this.readModel.db.prepare<[string, string, string], { state: string }>(
      'SELECT state FROM view_members WHERE view = ? AND key = ? AND sort_key < ? ORDER BY sort_key DESC LIMIT 1');
    const steps = page.developments.map((development) => {
      const changes: ViewChange[] = [];
      for (const { projection } of this.engine.projections.map((p) => ({ projection: p }))) {
        const id = this.engine.servingId(projection.name);
        if (!id || !projection.handles.includes(development.type)) continue;
        for (const { key, sort_key } of keys.all(id, development.id)) {
          const after = JSON.parse(member.get(id, key, sort_key)?.state ?? 'null') as Record<string, unknown> | null;
          const before = JSON.parse(previous.get(id, key, sort_key)?.state ?? 'null') as Record<string, unknown> | null;
          changes.push({ view: projection.name, key, before, after, changed: changedFields(before, after) });
        }
      }
      return { development, changes };
    });
    return { steps, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}

function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...fields].filter((f) => JSON.stringify(before?.[f]) !== JSON.stringify(after?.[f])).sort();
}
