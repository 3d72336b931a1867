import { dateOf, type DevelopmentState } from '../../../events/index.js';
import type { ProjectedDevelopment } from '../../../projections/index.js';

/** A development as projections see it: its current form, with its date parsed. */
export function projected(state: DevelopmentState): ProjectedDevelopment {
  return {
    id: state.id,
    type: state.type,
    date: dateOf(state),
    summary: state.summary,
    subjects: state.subjects,
    sources: state.sources,
    expectations: state.expectations ?? [],
    data: state.data,
  } as ProjectedDevelopment;
}
