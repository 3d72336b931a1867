import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { referencesOf, type DevelopmentBody } from '../../events/index.js';
import { readRecords } from '../../src/import/read-records.js';
import { DEVELOPMENT_STREAM } from '../../events/index.js';
import type { AppendRequest } from '../../src/store/event-store.js';

/** Resolved from the compiled file (dist/bench/support/) back to the repository's seed. */
const SEED_DEVELOPMENTS = fileURLToPath(new URL('../../../seed/developments', import.meta.url));

/** Principal recorded in metadata, shaped like the API's key fingerprints. */
export const BENCH_PRINCIPAL = 'key:000000000000';

export interface DevelopmentTemplate {
  type: string;
  /** The development as stored: without `id` and `type`. */
  body: DevelopmentBody;
  /** Size of the stored body as JSON. */
  bodyBytes: number;
  origin: string;
}

/** The seed development of median stored size, so synthetic events carry a realistic payload. */
export function medianSeedDevelopment(seedDir = SEED_DEVELOPMENTS): DevelopmentTemplate {
  const templates = readRecords(seedDir).flatMap(({ origin, value }) => {
    if (value === null || typeof value !== 'object') return [];
    const { id: _id, type, ...body } = value as Record<string, unknown>;
    if (typeof type !== 'string') return [];
    return [
      { type, body: body as unknown as DevelopmentBody, bodyBytes: Buffer.byteLength(JSON.stringify(body)), origin },
    ];
  });
  if (templates.length === 0) throw new Error(`no seed developments found in ${seedDir}`);
  templates.sort((a, b) => a.bodyBytes - b.bodyBytes);
  return templates[Math.floor(templates.length / 2)]!;
}

/** A new development from the template, as the API would append it: its own stream, which must not exist yet. */
export function developmentAppend(template: DevelopmentTemplate): AppendRequest {
  const id = randomUUID();
  return {
    stream: `${DEVELOPMENT_STREAM}${id}`,
    events: [{ id, type: template.type, data: template.body, metadata: { recordedBy: BENCH_PRINCIPAL } }],
    expectedRevision: 'no_stream',
  };
}

/** A new development from the template, as a client would POST it. */
export function developmentInput(template: DevelopmentTemplate): Record<string, unknown> {
  return { id: randomUUID(), type: template.type, ...template.body };
}

/** Registrations for every organisation and government the template refers to. */
export function referencedEntities(template: DevelopmentTemplate): Record<string, string>[] {
  return referencesOf(template.body).map((entityId) => ({
    entityId,
    kind: entityId.startsWith('org:') ? 'organisation' : 'government',
    name: entityId.slice(entityId.indexOf(':') + 1),
    homeCountry: 'CN',
  }));
}
