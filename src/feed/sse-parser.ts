export interface ParsedSse {
  id?: string;
  event?: string;
  data: string;
}

/** Reads Server-Sent Events messages from a response body (comments and `retry:` lines are skipped). */
export async function* sseMessages(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<ParsedSse> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0)
          fields[line.slice(0, colon)] =
            (fields[line.slice(0, colon)] ? `${fields[line.slice(0, colon)]}\n` : '') +
            line.slice(colon + 1).replace(/^ /, '');
      }
      if (fields.data !== undefined) yield { id: fields.id, event: fields.event, data: fields.data };
    }
  }
}
