import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';

const COUNTRIES = ['DE', 'FR', 'HU', 'PL', 'ES', 'IT', 'BR', 'MX', 'IN', 'TH'];

/** A batch of facility announcements by `org:acme` (which the load registers first). */
export function loadBatch(label: string, size: number) {
  return Array.from({ length: size }, (_, i) => ({
    id: randomUUID(),
    type: 'FacilityAnnounced',
    date: '2024-05',
    summary: `${label} item ${i}`,
    subjects: ['org:acme'],
    sources: [{ title: 'Load', url: 'https://example.org', quote: 'load' }],
    data: { facilityId: `f-${label}-${i}`, owner: 'org:acme', kind: 'plant', country: COUNTRIES[i % COUNTRIES.length] },
  }));
}

export interface CrashLoad {
  /** The ids of each batch the service acknowledged (201 or 202). */
  acknowledged: string[][];
  /** The ids of each batch sent. */
  sent: string[][];
}

/**
 * Four writers post batches of 200 developments until ten are acknowledged; then the service is
 * killed with SIGKILL, mid-batch.
 */
export async function writeThenKill(server: { child: ChildProcess; url: string }, key: string): Promise<CrashLoad> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  await fetch(`${server.url}/entities`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ entityId: 'org:acme', kind: 'organisation', name: 'Acme', homeCountry: 'DE' }),
  });
  const load: CrashLoad = { acknowledged: [], sent: [] };
  let killed = false;
  const writers = Array.from({ length: 4 }, async (_, w) => {
    for (let n = 0; !killed; n++) {
      const items = loadBatch(`w${w}-b${n}`, 200);
      load.sent.push(items.map((i) => i.id));
      try {
        const response = await fetch(`${server.url}/developments`, {
          method: 'POST',
          headers,
          body: JSON.stringify(items),
        });
        if (response.status === 201 || response.status === 202) load.acknowledged.push(items.map((i) => i.id));
      } catch {
        return;
      }
    }
  });
  while (load.acknowledged.length < 10) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await Promise.all([...writers, exited]);
  return load;
}

/** Every acknowledged development is stored, and every batch is stored whole or not at all. */
export function expectNoLossNoHalfBatch(stored: ReadonlySet<string>, load: CrashLoad): void {
  for (const ids of load.acknowledged) for (const id of ids) expect(stored.has(id)).toBe(true);
  for (const ids of load.sent) expect([0, ids.length]).toContain(ids.filter((id) => stored.has(id)).length);
}
