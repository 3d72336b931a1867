import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ParsedSse {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Reads Server-Sent Events messages from a response body with `eventsource-parser`, which follows
 * the specification's line rules (CRLF, CR or LF; a BOM; fields split across chunks).
 */
export async function* sseMessages(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<ParsedSse> {
  const decoder = new TextDecoder();
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => ready.push(message) });
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) {
      const { id, event, data } = ready.shift()!;
      yield { ...(id !== undefined ? { id } : {}), ...(event !== undefined ? { event } : {}), data };
    }
  }
}
