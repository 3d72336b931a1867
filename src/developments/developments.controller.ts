import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, WriteGuard } from '../auth/write.guard.js';
import { badRequest } from '../errors/problems.js';
import { Output } from '../export/output.interceptor.js';
import { acknowledge } from '../http/acknowledge.js';
import { uuidParam } from '../http/id-param.js';
import { KnownAtParam } from '../http/query-params.js';
import { CorrectDevelopment } from './correct/correct-development.command.js';
import { GetDevelopment } from './get/get-development.query.js';
import { answerLifecycle, Lifecycle, type LifecycleRequest, LifecycleRoute } from './lifecycle-route.js';
import { RecordDevelopments } from './record/record-developments.command.js';
import { RetractDevelopment } from './retract/retract-development.command.js';
import { TimelineQueryDto } from './timeline/timeline-query.dto.js';
import { GetTimeline } from './timeline/timeline.query.js';

/** What `GET /developments/{id}` reads from its query. */
export class DevelopmentQueryDto {
  /** The instant, as `KnownAtParam` reads it (ISO, UTC). */
  @KnownAtParam(
    'Transaction time: the development as it stood then (a day, or a date-time with a zone), e.g. `2025-06-30`',
  )
  knownAt?: string;
}

@ApiTags('developments')
@Controller()
export class DevelopmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('developments')
  @UseGuards(WriteGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Record one development (an object) or a batch of up to 1,000 (an array), all-or-nothing' })
  async record(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (body === null || typeof body !== 'object')
      throw badRequest('BODY_REQUIRED', 'send a development object or an array of them');
    const items = Array.isArray(body) ? body : [body];
    const { results, viewsCurrent } = await this.commands.execute(
      new RecordDevelopments(items, principalOf(request).name),
    );
    const created = results.filter((r) => !r.duplicate).length;
    const last = results[results.length - 1]!;
    acknowledge(reply, { created: created > 0, viewsCurrent, location: `/developments/${last.id}` });
    if (Array.isArray(body)) return { created, duplicates: results.length - created, results };
    reply.header('etag', `"${last.revision}"`);
    return last;
  }

  @Get('developments/:id')
  @Output('names')
  @ApiOperation({ summary: 'A development in its current form, with its correction history' })
  async get(
    @Param('id', uuidParam) id: string,
    @Query() query: DevelopmentQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const state = await this.queries.execute(new GetDevelopment(id, query.knownAt));
    reply.header('etag', `"${state.revision}"`);
    return state;
  }

  @LifecycleRoute(
    'corrections',
    'correction',
    'Correct fields of a development (date, summary, subjects, sources, data)',
  )
  async correct(@Lifecycle() request: LifecycleRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answerLifecycle(reply, await this.commands.execute(new CorrectDevelopment(request)));
  }

  @LifecycleRoute('retraction', 'retraction', 'Retract a development, with a reason')
  async retract(@Lifecycle() request: LifecycleRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answerLifecycle(reply, await this.commands.execute(new RetractDevelopment(request)));
  }

  @Get('timeline')
  @Output('timeline')
  @ApiOperation({ summary: 'Developments in valid-time order, filtered and paginated' })
  timeline(@Query() query: TimelineQueryDto) {
    return this.queries.execute(new GetTimeline(query));
  }
}
