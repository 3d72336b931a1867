import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits raw HTTP/1.1 text into the responses it holds (each with a Content-Length). */
function parse(text: string): { responses: RawResponse[]; complete: boolean } {
  const responses: RawResponse[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return { responses, complete: rest.length === 0 };
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    const body = Buffer.from(rest.slice(end + 4));
    if (body.length < length) return { responses, complete: false };
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString() });
    rest = body.subarray(length).toString();
  }
}

/**
 * Sends bytes as they are (malformed, partial or pipelined requests that fetch would not make) and
 * reads `count` responses, or as many as came before the server closed the connection. A part that
 * is a function is awaited for the bytes it gives, so a later request can go out on the same socket.
 */
export function rawExchange(
  url: string,
  parts: string | (string | (() => Promise<string>))[],
  count = 1,
): Promise<RawResponse[]> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, async () => {
      for (const part of [parts].flat()) socket.write(typeof part === 'string' ? part : await part());
    });
    let text = '';
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(parse(text).responses);
    };
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (parse(text).responses.length >= count) done();
    });
    socket.on('close', done);
    socket.on('error', (error) => (text ? done() : reject(error)));
  });
}

export async function rawRequest(url: string, bytes: string): Promise<RawResponse> {
  const [response] = await rawExchange(url, bytes);
  if (!response) throw new Error('no response');
  return response;
}
