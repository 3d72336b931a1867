import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogueEntries, envelopeSchema, parseEdtf } from '../../events/index.js';
import { validationFailed } from '../errors/problems.js';
import { BooleanParam, EdtfParam } from '../http/query-params.js';

/** What `GET /catalogue/date` reads. */
export class DateQueryDto {
  @EdtfParam('The date, e.g. `2025-12~`')
  edtf!: string;

  @BooleanParam('period', '`true`: read it as a period, whose end may be open (`2026/..`)')
  period?: boolean;
}

@ApiTags('catalogue')
@Controller('catalogue')
export class CatalogueController {
  private readonly body = { envelope: envelopeSchema(), types: catalogueEntries() };

  @Get()
  @ApiOperation({ summary: 'Every event type with the JSON Schema of its data, and the development envelope' })
  catalogue() {
    return this.body;
  }

  /** What a date means, as a development's date (`period=true`: as a period, whose end may be open). */
  @Get('date')
  @ApiOperation({ summary: 'An EDTF date read as the service reads it: its words and the days it covers' })
  date(@Query() { edtf, period }: DateQueryDto) {
    const parsed = parseEdtf(edtf, { openEnd: period === true });
    if (!parsed.ok) throw validationFailed([{ path: 'edtf', code: 'invalid', message: parsed.reason }]);
    const { text, earliest, latest, openStart, openEnd } = parsed.value;
    return { edtf, dateText: text, dateRange: { earliest, latest, openStart, openEnd } };
  }
}
