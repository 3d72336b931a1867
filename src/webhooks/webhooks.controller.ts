import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { principalOf, WriteGuard } from '../auth/write.guard.js';
import { uuidParam } from '../http/id-param.js';
import { DeliveriesQueryDto, RegisterWebhookDto } from './register-webhook.dto.js';
import { WebhookRegistry } from './webhook-registry.js';

/**
 * A webhook is a partner's configuration: any key may register its own, which it alone sees (with
 * admin keys, which see every key's).
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@UseGuards(WriteGuard)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly registry: WebhookRegistry) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a URL to receive each recorded, corrected or retracted development as a signed POST',
  })
  register(@Body() body: RegisterWebhookDto, @Req() request: FastifyRequest) {
    return this.registry.register(body, principalOf(request));
  }

  @Get()
  @ApiOperation({ summary: 'The webhooks of the calling key (without secrets)' })
  list(@Req() request: FastifyRequest) {
    return { webhooks: this.registry.list(principalOf(request)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook: status, cursor (last delivered position), failures, why it is paused' })
  get(@Param('id', uuidParam) id: string, @Req() request: FastifyRequest) {
    return this.registry.get(id, principalOf(request));
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Delivery attempts, newest first: position, attempt, status code or error, duration' })
  deliveries(@Param('id', uuidParam) id: string, @Query() query: DeliveriesQueryDto, @Req() request: FastifyRequest) {
    return { deliveries: this.registry.deliveries(id, principalOf(request), query.limit ?? 100) };
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused webhook from its cursor' })
  resume(@Param('id', uuidParam) id: string, @Req() request: FastifyRequest) {
    return this.registry.resume(id, principalOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop deliveries and delete the webhook with its delivery log' })
  async remove(@Param('id', uuidParam) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.registry.remove(id, principalOf(request));
  }
}
