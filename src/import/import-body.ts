import type { FastifyInstance } from 'fastify';

/** The media types `POST /imports` takes besides JSON: a spreadsheet saved as CSV, and JSON Lines. */
export const CSV_TYPE = /^text\/csv\s*(?:;|$)/i;
export const JSON_LINES_TYPE = /^application\/(?:x-ndjson|jsonl|x-jsonlines)\s*(?:;|$)/i;

export const IMPORT_ROUTE = '/imports';

/** True for a body another route than the import would not know what to do with. */
export const isImportType = (contentType: string) => CSV_TYPE.test(contentType) || JSON_LINES_TYPE.test(contentType);

/** Reads CSV and JSON Lines bodies as text, within the same size limit as JSON. */
export function useImportBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(
    ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'],
    { parseAs: 'string', bodyLimit },
    async (_request: unknown, body: string | Buffer) => body.toString(),
  );
}
