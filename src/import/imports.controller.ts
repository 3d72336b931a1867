import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, WriteGuard } from '../auth/write.guard.js';
import { badRequest, notFound } from '../errors/problems.js';
import { BooleanParam } from '../http/query-params.js';
import { acknowledge } from '../http/acknowledge.js';
import { templateColumns } from './csv-columns.js';
import { CSV_TYPE, JSON_LINES_TYPE } from './import-body.js';
import { type ImportFile, readCsv, readJsonLines } from './import-files.js';
import { ImportRows } from './import-rows.command.js';

/** What `POST /imports` reads from its query. */
export class ImportQueryDto {
  @BooleanParam('dryRun', '`true`: answer what each row would do and record nothing; default `false`')
  dryRun?: boolean;
}

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('imports')
  @UseGuards(WriteGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Import a spreadsheet (CSV) or JSON Lines of developments or entities: a dry run answers per row, a real run records all rows or none',
  })
  async import(
    @Body() body: unknown,
    @Query() { dryRun }: ImportQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = fileOf(body, contentType ?? '');
    const { answer, viewsCurrent } = await this.commands.execute(
      new ImportRows(file, dryRun === true, principalOf(request).name),
    );
    if (answer.dryRun) reply.status(200);
    else acknowledge(reply, { created: answer.recorded > 0, viewsCurrent, location: '/timeline' });
    return answer;
  }

  @Get('catalogue/:type/template.csv')
  @ApiParam({ name: 'type', description: 'A development type of the catalogue, or EntityRegistered' })
  @ApiOperation({
    summary: 'The CSV header to fill in for a development type (or EntityRegistered): one column per field path',
  })
  template(@Param('type') type: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const columns = templateColumns(type);
    if (!columns) throw notFound('development type', type);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${type}.csv"`);
    return `${columns.join(',')}\r\n`;
  }
}

/** The rows of the body, read by its media type; JSON is an array of records (row n is item n, from 1). */
function fileOf(body: unknown, contentType: string): ImportFile {
  if (CSV_TYPE.test(contentType) || JSON_LINES_TYPE.test(contentType)) {
    const text = typeof body === 'string' ? body : '';
    if (JSON_LINES_TYPE.test(contentType)) return readJsonLines(text);
    const file = readCsv(text);
    if ('error' in file) throw badRequest('MALFORMED_CSV', file.error);
    return file;
  }
  if (body === null || typeof body !== 'object')
    throw badRequest('BODY_REQUIRED', 'send a CSV (text/csv), JSON Lines (application/x-ndjson) or a JSON array');
  return { rows: [body].flat().map((value, i) => ({ row: i + 1, value })) };
}
