import { randomUUID } from 'node:crypto';

const KEY = 'bench-key-0123456789abcdef';
const COUNTRIES = ['US', 'DE', 'HU', 'BR', 'MX', 'TH', 'ID', 'VN', 'IN', 'TR', 'ES', 'FR', 'GB', 'PL', 'MA', 'EG'];
const KINDS = ['plant', 'rnd-centre', 'office', 'data-centre'];
const ORGANISATIONS = 200;

/**
 * Grows the seeded service's timeline to `total` developments through the API, as a user's import
 * would: 200 organisations from China, each building and opening facilities abroad from 2000 to 2025,
 * dated to a day, a month or a year as sources give them.
 */
export async function growTimeline(url: string, total: number): Promise<number> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
  const entities = Array.from({ length: ORGANISATIONS }, (_, i) => ({
    entityId: `org:page-bench-${i}`,
    kind: 'organisation',
    name: `Page Bench Maker ${i}`,
    homeCountry: 'CN',
  }));
  const registered = await fetch(`${url}/entities`, { method: 'POST', headers, body: JSON.stringify(entities) });
  if (!registered.ok) throw new Error(`registering entities: ${registered.status} ${await registered.text()}`);
  const seed = ((await (await fetch(`${url}/timeline?limit=500`)).json()) as { developments: unknown[] }).developments
    .length;
  const developments = Array.from({ length: Math.max(0, total - seed) }, (_, i) => facility(i));
  for (let start = 0; start < developments.length; start += 1000) {
    const batch = developments.slice(start, start + 1000);
    const response = await fetch(`${url}/developments`, { method: 'POST', headers, body: JSON.stringify(batch) });
    if (!response.ok)
      throw new Error(`recording developments: ${response.status} ${(await response.text()).slice(0, 300)}`);
  }
  return seed + developments.length;
}

function facility(i: number) {
  const owner = `org:page-bench-${i % ORGANISATIONS}`;
  const country = COUNTRIES[i % COUNTRIES.length]!;
  const year = 2000 + (i % 26);
  const month = String((i % 12) + 1).padStart(2, '0');
  const date = i % 3 === 0 ? `${year}-${month}-15` : i % 3 === 1 ? `${year}-${month}` : `${year}`;
  const opened = i % 2 === 1;
  return {
    id: randomUUID(),
    type: opened ? 'FacilityOpened' : 'FacilityConstructionStarted',
    date,
    summary: `Page Bench Maker ${i % ORGANISATIONS} ${opened ? 'opens' : 'starts building'} a site in ${country}`,
    subjects: [owner, `country:${country}`],
    sources: [
      {
        title: `Report ${i}`,
        url: `https://example.org/report/${i}`,
        quote: 'as reported',
        published: `${Math.min(2025, year + 1)}`,
        publisher: 'Example News',
        kind: 'news',
      },
    ],
    data: {
      facilityId: `page-bench-${Math.floor(i / 2)}`,
      owner,
      kind: KINDS[i % KINDS.length],
      country,
      location: `Site ${Math.floor(i / 2)}`,
    },
  };
}
