/**
 * The signed-in key: kept in this tab's sessionStorage only (gone when the tab closes), never put in
 * an address, a log or a request other than this service's own writes.
 */
const STORAGE = 'timeline.key';

export type Role = 'reader' | 'editor' | 'admin';

export interface Who {
  id: string;
  name: string;
  role: Role;
}

export const storedKey = (): string | null => sessionStorage.getItem(STORAGE);

export function forget(): void {
  sessionStorage.removeItem(STORAGE);
}

/** Asks the service who the key is; keeps it only when the service knows it. */
export async function signIn(key: string): Promise<Who> {
  const response = await fetch('/keys/me', { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
  const body = (await response.json()) as Who & { detail?: string };
  if (!response.ok) throw new Error(body.detail ?? `the service answered ${response.status}`);
  sessionStorage.setItem(STORAGE, key);
  return body;
}

export const canRecord = (who: Who) => who.role === 'editor' || who.role === 'admin';
