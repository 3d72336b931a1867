import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { WriteGuard } from './auth/write.guard.js';
import type { Config } from './config.js';
import { setupDocs } from './docs/docs.js';
import { Problem } from './errors/problems.js';
import { validationPipe } from './errors/validation-pipe.js';
import { answerStreamHead } from './feed/stream-head.js';
import { Metrics } from './health/metrics.js';
import { clientError, frameworkErrors, limitUrlLength } from './http/framework-errors.js';
import { useJsonBodyParser } from './http/json-body.js';
import { IMPORT_ROUTE, isImportType, useImportBodyParsers } from './import/import-body.js';
import { ReadAdmission } from './http/read-admission.js';
import { Shutdown } from './http/shutdown.js';
import { ReadModel } from './read-model/read-model.js';
import { NestPinoLogger } from './nest-pino-logger.js';
import { loadBuiltPage } from './web/built-page.js';
import { readerPages } from './web/reader-pages.js';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
    headers['transfer-encoding'] !== undefined
  );
}

/**
 * Pages on the listed origins may read the service (a TimelineJS page, an EventSource) and, with a
 * key, write to it; `*` lets any page read. Off unless `TIMELINE_CORS_ORIGINS` lists origins.
 */
function corsOptions(origins: string[]) {
  return {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'last-event-id', 'x-request-id'],
    exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'content-disposition', 'last-modified'],
    maxAge: 600,
  };
}

/** Builds the HTTP application (not yet listening). */
export async function createApp(
  config: Config,
  log: Logger = pino({ level: config.logLevel }),
): Promise<NestFastifyApplication> {
  const { requestTimeoutMs, headersTimeoutMs } = config.http;
  const adapter = new FastifyAdapter({
    loggerInstance: log,
    bodyLimit: MAX_BODY_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A client that sends its request slowly, or never finishes it, is cut off (408).
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(headersTimeoutMs, requestTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: false,
    frameworkErrors,
    clientErrorHandler: clientError,
  });
  const fastify = adapter.getInstance();
  useJsonBodyParser(fastify, MAX_BODY_BYTES);
  useImportBodyParsers(fastify, MAX_BODY_BYTES);
  // Set once the application exists: the hooks below ask it for the shutdown state and the keys.
  let shutdown: Shutdown | undefined;
  let guard: WriteGuard | undefined;
  let metrics: Metrics | undefined;
  fastify.addHook('onRequest', limitUrlLength);
  fastify.addHook('onRequest', async () => shutdown?.assertRunning());
  fastify.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'] ?? '';
    const imported = request.routeOptions.url === IMPORT_ROUTE && isImportType(type);
    if (hasBody(request.headers) && !JSON_TYPE.test(type) && !imported) {
      throw new Problem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Unsupported media type',
        `send JSON with Content-Type: application/json (got ${request.headers['content-type'] ?? 'none'})`,
      );
    }
  });
  fastify.addHook('onRequest', async (request) => guard?.authenticateEarly(request));
  fastify.addHook('onRequest', answerStreamHead);
  fastify.addHook('onRequest', new ReadAdmission(config.http.readConcurrency, config.http.readQueue).hook);
  fastify.addHook('onRequest', readerPages(loadBuiltPage()));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => metrics?.observe(request, reply));

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, log), adapter, {
    logger: new NestPinoLogger(log),
    bodyParser: false,
    // A refusal while opening the stores (a lost log) reaches main, which says why, rather than a bare exit.
    abortOnError: false,
  });
  const stopping = app.get(Shutdown);
  shutdown = stopping;
  stopping.onStop(() => {
    // Writes in flight are stored: answered now (202 where the views do not show them yet), not after their wait.
    app.get(ReadModel).letWritesGo();
    // A connection kept alive after a request that was in flight would hold the server open: close each once idle.
    const server = app.getHttpServer();
    const timer = setInterval(() => server.closeIdleConnections(), 100);
    server.once('close', () => clearInterval(timer));
  });
  if (config.corsOrigins.length > 0) app.enableCors(corsOptions(config.corsOrigins));
  guard = app.get(WriteGuard);
  metrics = app.get(Metrics);
  app.enableShutdownHooks();
  app.useGlobalPipes(validationPipe());
  setupDocs(app);
  return app;
}
