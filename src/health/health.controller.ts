import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HEALTH_JSON, liveness, readinessHealth, wantsHealthJson } from './health-json.js';
import { Metrics } from './metrics.js';
import { Readiness } from './readiness.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process serves requests (application/health+json)' })
  live(@Res() reply: FastifyReply): void {
    void reply.type(HEALTH_JSON).send(liveness());
  }

  @Get('health/ready')
  @ApiOperation({
    summary:
      'Readiness, part by part (store, read model and its lag, views); 503 when answers may not be current. ' +
      '`Accept: application/health+json` answers in the IETF health-check draft format',
  })
  async ready(@Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const report = await this.readiness.report();
    void reply.header('vary', 'Accept').status(report.status === 'unavailable' ? 503 : 200);
    if (wantsHealthJson(accept)) void reply.type(HEALTH_JSON).send(readinessHealth(report));
    else void reply.send(report);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics: read-model lag, event-loop delay, open streams, writes, errors' })
  async prometheus(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.registry.metrics();
    void reply.type(this.metrics.registry.contentType).send(text);
  }
}
