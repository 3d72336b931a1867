import { query } from './api.js';
import { type PageState, sharedFilters, viewAxes } from './state.js';

/** The first page of each answer: what the first screen shows, read and drawn before the rest. */
export const FIRST_ROWS = 50;
/** A screenful of the timeline's box. */
export const FIRST_DEVELOPMENTS = 20;

/** Where the view's rows for the state's date and filters are read from (a page's limit and cursor follow). */
export function rowsPath(state: PageState): string {
  return `/state/${state.view}?${query({ ...viewAxes(state), ...sharedFilters(state), expand: 'names' })}`;
}

/** Where the developments for the state's filters are read from. */
export function developmentsPath(state: PageState): string {
  return `/timeline?${query({ ...sharedFilters(state), expand: 'names' })}`;
}

/** The addresses of the first pages, as `Paged` asks for them. */
export function firstPages(state: PageState): string[] {
  return [`${rowsPath(state)}&limit=${FIRST_ROWS}`, `${developmentsPath(state)}&limit=${FIRST_DEVELOPMENTS}`];
}
