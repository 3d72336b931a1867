/** What a key may do: read-only partners, people who record, and whoever runs the service. */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Who a request acts as: the key's stable id (owns webhooks), its name (shown as `recordedBy`), its role. */
export interface Principal {
  id: string;
  name: string;
  role: Role;
}

/** True when `held` includes what `needed` allows: each role can do what the ones before it can. */
export const allows = (held: Role, needed: Role) => ROLES.indexOf(held) >= ROLES.indexOf(needed);

const READS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * The one table of what needs a key: webhooks are a subscriber's own configuration (any key, reads
 * included); `/keys` is the operator's (admin, except `/keys/me`, which any key may ask about itself);
 * every other write changes the timeline (editor). Other reads are open; undefined means no key needed.
 */
export function roleNeeded(method: string, route: string | undefined): Role | undefined {
  if (route === '/keys/me') return 'reader';
  if (route === '/keys' || route?.startsWith('/keys/')) return 'admin';
  if (route === '/webhooks' || route?.startsWith('/webhooks/')) return 'reader';
  return READS.includes(method) ? undefined : 'editor';
}

/** Requests that spend the key's write allowance: those that change something, not reads of one's webhooks. */
export const isWrite = (method: string) => !READS.includes(method);

/** `TIMELINE_API_KEYS` entries are `key` or `role:key`; a key without a role is an editor, as keys were before roles. */
export function parseConfiguredKey(entry: string): { key: string; role: Role } {
  const match = /^(reader|editor|admin):(.+)$/.exec(entry);
  return match ? { role: match[1] as Role, key: match[2]! } : { role: 'editor', key: entry };
}
