import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogueEntries, envelopeSchema } from '../../events/index.js';

@ApiTags('catalogue')
@Controller('catalogue')
export class CatalogueController {
  private readonly body = { envelope: envelopeSchema(), types: catalogueEntries() };

  @Get()
  @ApiOperation({ summary: 'Every event type with the JSON Schema of its data, and the development envelope' })
  catalogue() {
    return this.body;
  }
}
