import { parentPort, workerData } from 'node:worker_threads';
import { runWarmedUp } from './concurrent-clients.js';
import { JsonClient } from './http-client.js';
import { developmentInput, type DevelopmentTemplate } from './synthetic-developments.js';

export interface HttpLoadRequest {
  baseUrl: string;
  apiKey: string;
  clients: number;
  total: number;
  budgetMs: number;
  template: DevelopmentTemplate;
}

// Runs in its own thread so that building and parsing requests does not compete with the server's event loop.
const { baseUrl, apiKey, clients, total, budgetMs, template } = workerData as HttpLoadRequest;
const client = new JsonClient(baseUrl, { authorization: `Bearer ${apiKey}` }, clients);
const record = () => client.postExpecting('/developments', developmentInput(template), 201);
try {
  parentPort!.postMessage(await runWarmedUp({ clients, total, budgetMs, operation: record }));
} finally {
  client.close();
}
