import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadModel } from '../read-model/read-model.js';
import { OmitType } from '@nestjs/swagger';
import { StateQueryDto } from '../views/state-query.dto.js';
import { ViewReader } from '../views/view-reader.js';
import { today, type ViewRow } from '../views/view-rows.js';
import { EventStreams } from './event-streams.js';

const WATCH_LIMIT = 1000;

/** A watch sends the whole answer, then its changes: no pages. */
class WatchQueryDto extends OmitType(StateQueryDto, ['cursor', 'limit'] as const) {}

@ApiTags('feed')
@Controller()
export class WatchController {
  constructor(
    private readonly readModel: ReadModel,
    private readonly views: ViewReader,
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
    const asOf = query.asOf ?? today();
    const read = () =>
      new Map(
        this.views
          .page(name, {
            asOf,
            publishedBy: query.publishedBy,
            certainOnly: query.certainty === 'certain',
            country: query.country,
            subject: query.subject,
            origin: query.origin,
            status: query.status,
            limit: WATCH_LIMIT,
          })
          .rows.map((r) => [r.key, r]),
      );
    // An unknown view or one being built is refused before the stream opens.
    let answer = read();
    const stream = this.streams.start(request, reply);
    let sending = Promise.resolve(true);
    const stop = this.readModel.onApplied((position) => {
      const next = read();
      const change = diff(answer, next);
      answer = next;
      if (change.added.length + change.removed.length + change.changed.length === 0) return;
      sending = sending.then(
        (open) =>
          open && stream.send({ id: position, event: 'change', data: { view: name, asOf, position, ...change } }),
      );
    });
    stream.onClose(stop);
    await stream.send({
      id: this.readModel.checkpoint,
      event: 'snapshot',
      data: { view: name, asOf, rows: [...answer.values()] },
    });
  }
}

function diff(before: Map<string, ViewRow>, after: Map<string, ViewRow>) {
  const added: ViewRow[] = [];
  const changed: { before: ViewRow; after: ViewRow }[] = [];
  const removed: ViewRow[] = [];
  for (const [key, row] of after) {
    const old = before.get(key);
    if (!old) added.push(row);
    else if (JSON.stringify(old) !== JSON.stringify(row)) changed.push({ before: old, after: row });
  }
  for (const [key, row] of before) if (!after.has(key)) removed.push(row);
  return { added, changed, removed };
}
