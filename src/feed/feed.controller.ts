import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { toProblem } from '../errors/to-problem.js';
import { publicBase } from '../http/public-base.js';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import { atomFeed } from './atom.js';
import { feedValidators, notModified } from './conditional.js';
import { EventStreams } from './event-streams.js';
import { AtomQueryDto, FeedQueryDto, toFeedFilter } from './feed-query.dto.js';
import { FeedSource } from './feed-source.js';
import { FeedOverflowError } from './live-hub.js';
import { resumePosition } from './resume-position.js';

@ApiTags('feed')
@Controller()
export class FeedController {
  constructor(
    private readonly source: FeedSource,
    private readonly streams: EventStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('feed')
  @ApiOperation({
    summary:
      'Server-Sent Events: each recorded, corrected or retracted development; `id` is the position to resume from',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position' })
  @ApiProduces('text/event-stream')
  async feed(
    @Query() query: FeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const after = await resumePosition(
      this.store,
      lastEventId ?? query.from,
      lastEventId !== undefined ? 'Last-Event-ID' : 'from',
    );
    const stream = this.streams.start(request, reply);
    const subscription = this.source.subscribe(after, toFeedFilter(query));
    stream.onClose(() => subscription.close());
    await stream.send({ event: 'ready', data: { after: after ?? null } });
    try {
      for await (const message of subscription) {
        if (!(await stream.send({ id: message.position, event: message.kind, data: message }))) break;
      }
    } catch (error) {
      if (error instanceof FeedOverflowError) {
        await stream.send({
          event: 'overflow',
          data: { reason: 'the client fell too far behind', resumeFrom: error.resumeFrom ?? null },
        });
      } else {
        // The response has started: the failure can only be told as a last message.
        request.log.error({ err: error }, 'feed stream failed');
        await stream.send({ event: 'error', data: toProblem(error, request.url) });
      }
    } finally {
      stream.end();
    }
  }

  @Get('feed.atom')
  @ApiOperation({
    summary:
      "Atom 1.0: the newest developments, one entry each, linking to each development's page (text/html) and JSON",
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag of this feed: 304 while unchanged' })
  @ApiHeader({ name: 'If-Modified-Since', required: false, description: 'A time: 304 when nothing changed since' })
  @ApiProduces('application/atom+xml')
  atom(@Query() query: AtomQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const links = { base: publicBase(request, this.config), path: request.url };
    const { xml, updated } = atomFeed(this.source.latest(toFeedFilter(query), query.limit ?? 50), links);
    const validators = feedValidators(xml, updated);
    void reply.header('etag', validators.etag).header('last-modified', validators.lastModified);
    if (notModified(request.headers, validators)) {
      void reply.status(304).send();
      return;
    }
    void reply.type('application/atom+xml; charset=utf-8').send(xml);
  }
}
