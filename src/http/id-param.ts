import { ParseUUIDPipe } from '@nestjs/common';
import { refused } from '../errors/rejection.js';

/** A path id that must be a UUID (a development, a webhook): anything else is BAD_ID. */
export const uuidParam = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () =>
    refused('BAD_ID', 'id must be a UUID', [{ path: 'id', code: 'isUuid', message: 'id must be a UUID' }]),
});
