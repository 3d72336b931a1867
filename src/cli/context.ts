import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { pino } from 'pino';
import { AppModule } from '../app.module.js';
import { loadConfig, type Config } from '../config.js';
import { ReadModel } from '../read-model/read-model.js';

/** The service without HTTP, on the same data directory, its read model caught up with the log. */
export async function openContext(): Promise<{ context: INestApplicationContext; config: Config }> {
  const config = loadConfig();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config, log), { logger: false });
  await context.init();
  await context.get(ReadModel).catchUp();
  return { context, config };
}
