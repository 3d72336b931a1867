import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dateOf } from '../../events/index.js';
import { TimelineQueryDto } from '../developments/timeline/timeline-query.dto.js';
import { GetTimeline, GetTimelineHandler } from '../developments/timeline/timeline.query.js';
import { toProblem } from '../errors/to-problem.js';
import { NumberParam } from '../http/query-params.js';
import { EventStreams } from './event-streams.js';
import { FeedSource } from './feed-source.js';

/** A replay streams every matching development: no pages. */
export class ReplayStreamQueryDto extends OmitType(TimelineQueryDto, ['cursor', 'limit'] as const) {
  @NumberParam('speed', 'Days of history played per second (default 365: a year a second)', 0.001, 1_000_000)
  speed?: number;

  @NumberParam('maxPauseMs', 'Longest pause between two developments, in ms (default 2000)', 0, 60_000)
  maxPauseMs?: number;
}

const DAY_MS = 86_400_000;

@ApiTags('feed')
@Controller()
export class ReplayStreamController {
  constructor(
    private readonly timeline: GetTimelineHandler,
    private readonly streams: EventStreams,
    private readonly source: FeedSource,
  ) {}

  /** Plays the developments in valid-time order, paced by how far apart their dates are. */
  @Get('replay/stream')
  @ApiOperation({ summary: 'Server-Sent Events: the developments in valid-time order, paced for playback' })
  @ApiProduces('text/event-stream')
  async stream(@Query() query: ReplayStreamQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { speed = 365, maxPauseMs = 2000, ...filters } = query;
    const stream = this.streams.start(request, reply);
    let previous: number | undefined;
    let cursor: string | undefined;
    let played = 0;
    try {
      do {
        // Each page is read in a turn shared with catching-up feeds, so a replay at full speed
        // leaves the process free between pages.
        const end = await this.source.gate.turn();
        const page = await this.timeline.execute(new GetTimeline({ ...filters, cursor, limit: 200 })).finally(end);
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
    } catch (error) {
      request.log.error({ err: error }, 'replay stream failed');
      await stream.send({ event: 'error', data: toProblem(error, request.url) });
    } finally {
      stream.end();
    }
  }
}

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
