import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { completeDocument } from './openapi.js';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
  'swagger-ui-standalone-preset.js': 'application/javascript',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Timeline API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script>
</body></html>`;

/**
 * Serves the OpenAPI document at `/docs/openapi.json` and Swagger UI at `/docs`, reading the UI's
 * files from swagger-ui-dist directly (no static-file plugin needed). The document is what the
 * controllers declare, completed in `openapi.ts`.
 */
export function setupDocs(app: NestFastifyApplication): void {
  const document = completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle('Timeline').setVersion('0.1.0').addBearerAuth().build(),
    ),
  );
  const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/docs', (_request, reply) => reply.type('text/html').send(PAGE));
  fastify.get('/docs/openapi.json', (_request, reply) => reply.send(document));
  fastify.get<{ Params: { file: string } }>('/docs/assets/:file', (request, reply) => {
    const type = ASSETS[request.params.file];
    if (!type)
      return reply
        .status(404)
        .type('application/problem+json')
        .send({ status: 404, code: 'NOT_FOUND', title: 'Not found', detail: 'no such asset' });
    return reply
      .type(type)
      .header('cache-control', 'public, max-age=86400')
      .send(readFileSync(join(assetsDir, request.params.file)));
  });
}
