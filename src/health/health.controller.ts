import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadModel } from '../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly readModel: ReadModel) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process serves requests' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the event store answers; reports how far the read model is' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.store.check();
      return { status: 'ready', store: 'ok', head: (await this.store.head()) ?? null, readModel: this.readModel.checkpoint ?? null };
    } catch (error) {
      reply.status(503);
      return { status: 'unavailable', store: (error as Error).message };
    }
  }
}
