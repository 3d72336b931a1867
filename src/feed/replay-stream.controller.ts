import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dateOf } from '../../events/index.js';
import type { Config } from '../config.js';
import { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { GetTimeline, GetTimelineHandler } from '../developments/timeline/timeline.query.js';
import { CONFIG } from '../tokens.js';
import { ConnectionLimiter } from './connection-limiter.js';
import { SseStream } from './sse-stream.js';

export class ReplayStreamQueryDto extends TimelineQueryDto {
  @ApiPropertyOptional({ description: 'Days of history played per second (default 365: a year a second)' })
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.001) @Max(1_000_000)
  speed?: number;

  @ApiPropertyOptional({ description: 'Longest pause between two developments, in ms (default 2000)' })
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(60_000)
  maxPauseMs?: number;
}

const DAY_MS = 86_400_000;

@ApiTags('feed')
@Controller()
export class ReplayStreamController {
  constructor(
    private readonly timeline: GetTimelineHandler,
    private readonly limiter: ConnectionLimiter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Plays the developments in valid-time order, paced by how far apart their dates are. */
  @Get('replay/stream')
  @ApiOperation({ summary: 'Server-Sent Events: the developments in valid-time order, paced for playback' })
  @ApiProduces('text/event-stream')
  async stream(@Query() query: ReplayStreamQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const release = this.limiter.acquire(request.ip);
    const { speed = 365, maxPauseMs = 2000, ...filters } = query;
    const stream = new SseStream(request, reply, this.config.feed.heartbeatMs, this.config.feed.drainTimeoutMs);
    stream.onClose(release);
    let previous: number | undefined;
    let cursor: string | undefined;
    let played = 0;
    do {
      const page = await this.timeline.execute(new GetTimeline({ ...filters, cursor, limit: 200 }));
      for (const development of page.developments) {
        const at = Date.parse(dateOf(development).earliest);
        if (previous !== undefined) await pause(Math.min(maxPauseMs, ((at - previous) / DAY_MS / speed) * 1000));
        previous = at;
        if (!(await stream.send({ event: 'development', data: development }))) return;
        played += 1;
      }
      cursor = page.nextCursor;
    } while (cursor && stream.isOpen);
    await stream.send({ event: 'end', data: { played } });
    stream.end();
  }
}

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
