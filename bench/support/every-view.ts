import type { UserService } from './user-processes.js';

const POLL_MS = 25;
const REQUEST_TIMEOUT_MS = 10_000;
/** How long readiness may still answer 503 once every view answers before the poll stops waiting for it. */
const READY_AFTER_VIEWS_MS = 10_000;
/** A name no view has: the service answers it 404 `UNKNOWN_VIEW`, naming every view it has. */
const NO_SUCH_VIEW = 'no-such-view';
/** The view derived when asked from the stored views' placements. */
const DERIVED = 'footprint';

export interface ViewsAnswering {
  views: string[];
  /** Where the names came from: the service's 404 for an unknown view, or its OpenAPI document. */
  viewsFrom: string;
  /** From spawn to the first answer of any kind. */
  listeningMs?: number;
  /** From spawn to the first 200 of `/health/ready`. */
  readyMs?: number;
  /** From spawn to the end of the first round in which every view answered 200. */
  allViewsMs?: number;
  /** From spawn to each view's first 200. */
  viewMs: Record<string, number>;
  /** The first round in which readiness answered 200 while a view did not: when, and what those views answered. */
  readyAhead?: { atMs: number; views: string[] };
  /** Rounds in which readiness answered 200 while some view did not. */
  readyAheadRounds: number;
  /**
   * The first round in which the derived footprint answered 200 while a stored view (what it is
   * derived from) did not: when, how many rows it gave (of at most one asked), and those views.
   */
  derivedAhead?: { atMs: number; rows: number; views: string[] };
  /** Rounds in which the footprint answered 200 while some stored view did not. */
  derivedAheadRounds: number;
  rounds: number;
  timedOut: boolean;
}

interface Answer {
  /** 0: no answer (not listening yet, or the request failed). */
  status: number;
  /** From spawn to the answer. */
  atMs: number;
}

async function get(service: UserService, path: string): Promise<Answer & { body: string }> {
  try {
    const response = await fetch(`${service.baseUrl}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await response.text();
    return { status: response.status, body, atMs: performance.now() - service.spawnedAt };
  } catch {
    return { status: 0, body: '', atMs: performance.now() - service.spawnedAt };
  }
}

/** The views the service names, from its 404 for an unknown view, else its OpenAPI document; undefined while it does not answer. */
async function listViews(service: UserService): Promise<{ views: string[]; from: string; atMs: number } | undefined> {
  const unknown = await get(service, `/state/${NO_SUCH_VIEW}?limit=1`);
  if (unknown.status === 0) return undefined;
  if (unknown.status === 404) {
    const detail = (JSON.parse(unknown.body) as { detail?: string }).detail ?? '';
    const names = /views: (.+)$/.exec(detail)?.[1];
    if (names)
      return { views: names.split(',').map((n) => n.trim()), from: 'the 404 UNKNOWN_VIEW problem', atMs: unknown.atMs };
  }
  const document = await get(service, '/docs/openapi.json');
  type Parameter = { name: string; schema?: { enum?: string[] } };
  const parsed = JSON.parse(document.body) as { paths: Record<string, { get?: { parameters?: Parameter[] } }> };
  const views = parsed.paths['/state/{view}']?.get?.parameters?.find((p) => p.name === 'view')?.schema?.enum;
  if (!views) throw new Error(`the service names no views (GET /state/${NO_SUCH_VIEW} answered ${unknown.status})`);
  return { views, from: 'the OpenAPI document', atMs: unknown.atMs };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a starting service every 25 ms until every view it names (and the footprint) answers 200
 * as of `asOf` in one round, asking `/health/ready` in each round too; gives up `budgetMs` after
 * the spawn.
 */
export async function untilEveryViewAnswers(
  service: UserService,
  asOf: string,
  budgetMs: number,
): Promise<ViewsAnswering> {
  const deadline = service.spawnedAt + budgetMs;
  const result: ViewsAnswering = {
    views: [],
    viewsFrom: '',
    viewMs: {},
    readyAheadRounds: 0,
    derivedAheadRounds: 0,
    rounds: 0,
    timedOut: false,
  };
  while (performance.now() < deadline) {
    if (service.exited) throw new Error(`the service exited while starting: ${service.describe()}`);
    if (result.listeningMs === undefined) {
      const listed = await listViews(service);
      if (!listed) {
        await sleep(POLL_MS);
        continue;
      }
      result.listeningMs = listed.atMs;
      result.views = listed.views.includes(DERIVED) ? listed.views : [...listed.views, DERIVED];
      result.viewsFrom = listed.from;
    }
    const [ready, ...views] = await Promise.all([
      get(service, '/health/ready'),
      ...result.views.map((view) => get(service, `/state/${view}?asOf=${asOf}&limit=1`)),
    ]);
    result.rounds += 1;
    const roundEnd = Math.max(ready!.atMs, ...views.map((v) => v.atMs));
    if (ready!.status === 200) result.readyMs ??= ready!.atMs;
    const notAnswering: string[] = [];
    for (const [i, view] of result.views.entries()) {
      if (views[i]!.status === 200) result.viewMs[view] ??= views[i]!.atMs;
      else notAnswering.push(`${view} ${views[i]!.status || 'no answer'}`);
    }
    // The requests of a round are answered one after another, and the views may be switched on
    // between two of them: an answer is ahead only of views that still refused after it.
    const refusedAfter = (atMs: number) =>
      result.views
        .map((view, i) => ({ view, answer: views[i]! }))
        .filter(({ answer }) => answer.status !== 200 && answer.atMs > atMs)
        .map(({ view, answer }) => `${view} ${answer.status || 'no answer'}`);
    const readyAheadOf = ready!.status === 200 ? refusedAfter(ready!.atMs) : [];
    if (readyAheadOf.length > 0) {
      result.readyAheadRounds += 1;
      result.readyAhead ??= { atMs: ready!.atMs, views: readyAheadOf };
    }
    const footprint = views[result.views.indexOf(DERIVED)];
    const derivedAheadOf = footprint?.status === 200 ? refusedAfter(footprint.atMs) : [];
    if (footprint && derivedAheadOf.length > 0) {
      result.derivedAheadRounds += 1;
      const rows = (JSON.parse(footprint.body) as { rows?: unknown[] }).rows?.length ?? 0;
      result.derivedAhead ??= { atMs: footprint.atMs, rows, views: derivedAheadOf };
    }
    if (notAnswering.length === 0) result.allViewsMs ??= roundEnd;
    // Done once every view answers and readiness agrees; readiness lagging behind the views is waited for a while.
    if (
      result.allViewsMs !== undefined &&
      (result.readyMs !== undefined || roundEnd > result.allViewsMs + READY_AFTER_VIEWS_MS)
    )
      return result;
    await sleep(POLL_MS);
  }
  result.timedOut = result.allViewsMs === undefined;
  return result;
}
