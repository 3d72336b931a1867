import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import { atomFeed } from './atom.js';
import { ConnectionLimiter } from './connection-limiter.js';
import { AtomQueryDto, FeedQueryDto, toFeedFilter } from './feed-query.dto.js';
import { FeedSource } from './feed-source.js';
import { FeedOverflowError } from './live-hub.js';
import { SseStream } from './sse-stream.js';

@ApiTags('feed')
@Controller()
export class FeedController {
  constructor(
    private readonly source: FeedSource,
    private readonly limiter: ConnectionLimiter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('feed')
  @ApiOperation({ summary: 'Server-Sent Events: each recorded, corrected or retracted development; `id` is the position to resume from' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position' })
  @ApiProduces('text/event-stream')
  async feed(@Query() query: FeedQueryDto, @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const release = this.limiter.acquire(request.ip);
    const after = lastEventId ?? query.from ?? (await this.store.head());
    const stream = new SseStream(request, reply, this.config.feed.heartbeatMs, this.config.feed.drainTimeoutMs);
    const subscription = this.source.subscribe(after, toFeedFilter(query));
    stream.onClose(() => { subscription.close(); release(); });
    await stream.send({ event: 'ready', data: { after: after ?? null } });
    try {
      for await (const message of subscription) {
        if (!(await stream.send({ id: message.position, event: message.kind, data: message }))) break;
      }
    } catch (error) {
      if (!(error instanceof FeedOverflowError)) throw error;
      await stream.send({ event: 'overflow', data: { reason: 'the client fell too far behind', resumeFrom: error.resumeFrom ?? null } });
    } finally {
      stream.end();
    }
  }

  @Get('feed.atom')
  @ApiOperation({ summary: 'Atom 1.0: the newest developments, one entry each' })
  @ApiProduces('application/atom+xml')
  atom(@Query() query: AtomQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const base = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    const xml = atomFeed(this.source.latest(toFeedFilter(query), query.limit ?? 50), `${base}${request.url}`, base);
    void reply.type('application/atom+xml; charset=utf-8').send(xml);
  }
}
