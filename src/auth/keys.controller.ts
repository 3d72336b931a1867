import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeys } from './api-keys.js';
import { principalOf, WriteGuard } from './write.guard.js';

/** What a key may do, for the page's sign-in, and the keys there are, for an admin; keys are made with the CLI. */
@ApiTags('keys')
@ApiBearerAuth()
@UseGuards(WriteGuard)
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Get('me')
  @ApiOperation({ summary: 'The calling key: its id, its name (shown as recordedBy) and its role' })
  me(@Req() request: FastifyRequest) {
    return principalOf(request);
  }

  @Get()
  @ApiOperation({ summary: 'Every key the service accepts, with its name and role (admin only; never a secret)' })
  list() {
    return { keys: this.keys.list() };
  }
}
