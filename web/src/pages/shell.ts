import { ApiError, getJson } from '../api.js';
import { byId, h } from '../dom.js';

/** The id in a page's own address: `/entities/org:byd` -> `org:byd`. */
export function idInPath(): string {
  return decodeURIComponent(location.pathname.split('/').pop() ?? '');
}

/** Reads this same address as JSON (the page's address answers a browser with this page). */
export async function readSelf<T>(extra: Record<string, string> = {}): Promise<T> {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return getJson<T>(`${location.pathname}?${params.toString()}`);
}

/** Puts the page's content in place, or says in words why there is none. */
export async function render(build: () => Promise<(Node | string)[]>): Promise<void> {
  const main = byId('content');
  try {
    main.replaceChildren(...(await build()));
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    const why = status === 404 ? 'Nothing is recorded at this address.' : `Could not load: ${(error as Error).message}`;
    main.replaceChildren(
      h('h1', {}, 'Not found'),
      h('p', {}, why),
      h('p', {}, h('a', { href: '/' }, 'Open the explorer')),
    );
  }
  document.documentElement.dataset.ready = 'true';
}

export function section(title: string, ...children: (Node | string)[]): HTMLElement {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}
