import { Agent, request } from 'node:http';

export interface JsonResponse {
  status: number;
  body: string;
}

/** POSTs JSON over kept-alive connections, at most `connections` at a time. */
export class JsonClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  post(path: string, value: unknown): Promise<JsonResponse> {
    const payload = JSON.stringify(value);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            ...this.headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** POSTs and throws unless the status is `expected`. */
  async postExpecting(path: string, value: unknown, expected: number): Promise<void> {
    const response = await this.post(path, value);
    if (response.status !== expected)
      throw new Error(`POST ${path} answered ${response.status}, expected ${expected}: ${response.body.slice(0, 500)}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
