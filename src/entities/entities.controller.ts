import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { principalOf, WriteGuard } from '../auth/write.guard.js';
import { badRequest, notFound } from '../errors/problems.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { RegisterEntities } from './register-entities.command.js';

@ApiTags('entities')
@Controller('entities')
export class EntitiesController {
  constructor(private readonly commands: CommandBus, private readonly entities: EntitiesTable) {}

  @Post()
  @HttpCode(201)
  @UseGuards(WriteGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Register one organisation or government, or an array of them (all-or-nothing)' })
  async register(@Body() body: unknown, @Req() request: FastifyRequest) {
    if (body === null || typeof body !== 'object') throw badRequest('BODY_REQUIRED', 'send an entity object or an array of them');
    const items = Array.isArray(body) ? body : [body];
    const results = await this.commands.execute(new RegisterEntities(items, principalOf(request)));
    return Array.isArray(body) ? { results } : results[0];
  }

  @Get()
  @ApiOperation({ summary: 'Every registered entity' })
  list() {
    return { entities: this.entities.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One registered entity, e.g. org:byd' })
  get(@Param('id') id: string) {
    const entity = this.entities.get(id);
    if (!entity) throw notFound('entity', id);
    return entity;
  }
}
