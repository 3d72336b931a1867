import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OmitType } from '@nestjs/swagger';
import { StateQueryDto } from '../views/state-query.dto.js';
import { today } from '../views/read/view-rows.js';
import { checkStatus } from '../views/view-statuses.js';
import { EventStreams } from './event-streams.js';
import type { SseStream } from './sse-stream.js';
import { ViewWatches } from './view-watches.js';

/** A watch sends the whole answer, then its changes: no pages. */
class WatchQueryDto extends OmitType(StateQueryDto, ['cursor', 'limit'] as const) {}

@ApiTags('feed')
@Controller()
export class WatchController {
  constructor(
    private readonly watches: ViewWatches,
    private readonly streams: EventStreams,
  ) {}

  /**
   * Sends the view's answer as of `asOf`, then a `change` each time that answer changes, whatever
   * caused it: a new development, a backdated one, a correction or a retraction.
   */
  @Get('state/:view/watch')
  @ApiOperation({ summary: 'Server-Sent Events: a view as of a date, then each change to that answer' })
  @ApiProduces('text/event-stream')
  async watch(
    @Param('view') name: string,
    @Query() query: WatchQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    checkStatus(name, query.status);
    const asOf = query.asOf ?? today();
    const watchQuery = {
      asOf,
      publishedBy: query.publishedBy,
      certainOnly: query.certainty === 'certain',
      country: query.country,
      subject: query.subject,
      origin: query.origin,
      status: query.status,
    };
    // An unknown view, one being built, or one query too many is refused before the stream opens.
    this.streams.assertRoom(request);
    let sending = Promise.resolve(true);
    let stream: SseStream | undefined;
    const watch = this.watches.join(name, watchQuery, (change) => {
      const open = stream;
      if (!open) return;
      sending = sending.then(
        (ok) => ok && open.send({ id: change.position, event: 'change', data: { view: name, asOf, ...change } }),
      );
    });
    try {
      stream = this.streams.start(request, reply);
    } catch (error) {
      watch.leave();
      throw error;
    }
    stream.onClose(watch.leave);
    await stream.send({ id: watch.position, event: 'snapshot', data: { view: name, asOf, rows: watch.rows } });
  }
}
