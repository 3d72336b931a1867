import { firstPages } from './first-pages.js';
import { stateFromUrl } from './state.js';

/**
 * The explorer's first requests, sent as soon as this small script is read, while the page's main
 * script is still on its way: the first page of rows and of developments for the address's date and
 * filters. The main script takes the answers up by their addresses (and, should it run first, says
 * so, and this one asks for nothing).
 */
const page = globalThis as { firstAnswers?: Map<string, Promise<Response>> };
if (!page.firstAnswers) {
  const answers = new Map<string, Promise<Response>>();
  for (const path of firstPages(stateFromUrl(location.search))) {
    const answer = fetch(path, { headers: { accept: 'application/json' } });
    // A failure is told by the main script, when it takes the answer up.
    answer.catch(() => {});
    answers.set(path, answer);
  }
  page.firstAnswers = answers;
}
