import { storedKey } from './session.js';

/** A field the service refused, as problem+json `errors[]` names it. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
  column?: string;
  row?: number;
}

export interface Answer<T> {
  ok: boolean;
  status: number;
  body: T & { detail?: string; code?: string; errors?: FieldProblem[]; currentRevision?: number };
  etag: string | null;
}

/** Sends a write with the signed-in key; the answer, problem or not, is for the form to show. */
export async function send<T = unknown>(
  method: string,
  path: string,
  body: unknown,
  options: { ifMatch?: string; contentType?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': options.contentType ?? 'application/json',
    authorization: `Bearer ${storedKey() ?? ''}`,
  };
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const response = await fetch(path, {
    method,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { detail: text };
  }
  return {
    ok: response.ok,
    status: response.status,
    body: parsed as Answer<T>['body'],
    etag: response.headers.get('etag'),
  };
}

export async function read<T>(path: string): Promise<{ body: T; etag: string | null }> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${response.status} from ${path}`);
  return { body: (await response.json()) as T, etag: response.headers.get('etag') };
}
