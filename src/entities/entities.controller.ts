import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, WriteGuard } from '../auth/write.guard.js';
import { badRequest } from '../errors/problems.js';
import { acknowledge } from '../http/acknowledge.js';
import { GetEntityProfile } from '../views/entity-profile.query.js';
import { AsOfDto } from '../views/state-query.dto.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { RegisterEntities } from './register-entities.command.js';

@ApiTags('entities')
@Controller('entities')
export class EntitiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly entities: EntitiesTable,
  ) {}

  @Post()
  @HttpCode(201)
  @UseGuards(WriteGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Register one organisation or government, or an array of them (all-or-nothing); the same entity again is a safe retry',
  })
  async register(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (body === null || typeof body !== 'object')
      throw badRequest('BODY_REQUIRED', 'send an entity object or an array of them');
    const items = Array.isArray(body) ? body : [body];
    const { results, viewsCurrent } = await this.commands.execute(
      new RegisterEntities(items, principalOf(request).name),
    );
    // 201 when anything new was registered; 200 when every entity was registered before, as sent.
    acknowledge(reply, {
      created: results.some((r) => !r.duplicate),
      viewsCurrent,
      location: `/entities/${results[results.length - 1]!.entityId}`,
    });
    return Array.isArray(body) ? { results } : results[0];
  }

  @Get()
  @ApiOperation({ summary: 'Every registered entity' })
  list() {
    return { entities: this.entities.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation or government (e.g. org:byd) and its rows in every view, as of a date' })
  get(@Param('id') id: string, @Query() query: AsOfDto) {
    return this.queries.execute(new GetEntityProfile(id, query.asOf, query.knownAt, query.publishedBy));
  }
}
