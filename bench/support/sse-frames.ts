/**
 * Splits Server-Sent Events text into messages and hands on each one's `event` and `id`. Timing
 * deliveries needs nothing more, and with a thousand streams in one thread the parse has to stay
 * cheap, so `data` is not decoded (the position in `id` names the development).
 */
export class SseFrames {
  private buffer = '';

  constructor(private readonly onMessage: (event: string, id: string | undefined) => void) {}

  push(text: string): void {
    this.buffer += text;
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event: string | undefined;
      let id: string | undefined;
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data:')) hasData = true;
      }
      if (hasData) this.onMessage(event ?? 'message', id);
    }
  }
}
