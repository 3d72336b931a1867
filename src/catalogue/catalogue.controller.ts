import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogueEntries, envelopeSchema, parseEdtf } from '../../events/index.js';
import { validationFailed } from '../errors/problems.js';
import { invalidParameter } from '../errors/rejection.js';

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
  date(@Query('edtf') edtf: string | undefined, @Query('period') period: string | undefined) {
    if (edtf === undefined || edtf === '' || edtf.length > 100)
      throw invalidParameter(
        'edtf',
        'edtf is required: an EDTF date of at most 100 characters, such as 2025-12~',
        'required',
      );
    const parsed = parseEdtf(edtf, { openEnd: period === 'true' });
    if (!parsed.ok) throw validationFailed([{ path: 'edtf', code: 'invalid', message: parsed.reason }]);
    const { text, earliest, latest, openStart, openEnd } = parsed.value;
    return { edtf, dateText: text, dateRange: { earliest, latest, openStart, openEnd } };
  }
}
