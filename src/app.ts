import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { Config } from './config.js';
import { setupDocs } from './docs/docs.js';
import { Problem } from './errors/problems.js';
import { validationPipe } from './errors/validation-pipe.js';
import { NestPinoLogger } from './nest-pino-logger.js';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return (headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined;
}

/** Builds the HTTP application (not yet listening). */
export async function createApp(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: log,
    bodyLimit: MAX_BODY_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', async (request) => {
    if (hasBody(request.headers) && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type',
        `send JSON with Content-Type: application/json (got ${request.headers['content-type'] ?? 'none'})`);
    }
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, log), adapter, {
    logger: new NestPinoLogger(log),
  });
  app.enableShutdownHooks();
  app.useGlobalPipes(validationPipe());
  setupDocs(app);
  return app;
}
