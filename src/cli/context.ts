import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { AppModule } from '../app.module.js';
import { assertEmbeddedLogPresent } from '../read-model/log-check.js';
import { loadConfig, type Config } from '../config.js';
import { ReadModel } from '../read-model/read-model.js';
import { READ_MODEL } from '../tokens.js';
import type { ReadModelParts } from '../views/build/open-read-model.js';

const CATCH_UP_PATIENCE_MS = 60_000;

/** A command that only reads was run where there is no timeline yet: it creates nothing. */
export class NoTimelineError extends Error {}

/**
 * The service without HTTP, on the same data directory, its read model caught up with the log.
 * Only a command that records (`create`) may start a new data directory.
 */
export async function openContext(
  options: { create?: boolean } = {},
): Promise<{ context: INestApplicationContext; config: Config }> {
  const config = loadConfig();
  if (config.store === 'sqlite') assertEmbeddedLogPresent(config.dataDir);
  if (!options.create && config.store === 'sqlite' && !existsSync(join(config.dataDir, 'events.db'))) {
    throw new NoTimelineError(
      `no timeline in ${config.dataDir} (no events.db): start the service there, or import into it, first`,
    );
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config, log), {
    logger: false,
    // A refusal while opening the stores (a lost log) reaches the caller, which says why.
    abortOnError: false,
  });
  await context.init();
  // The service beside it may hold the read model for a moment: wait that out, not a lasting fault.
  await context.get(ReadModel).catchUp(CATCH_UP_PATIENCE_MS);
  // A view new to this read model is built before a command reads it (the service does the same in the background).
  await context.get<ReadModelParts>(READ_MODEL).ready();
  return { context, config };
}
