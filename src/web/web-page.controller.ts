import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound, Problem } from '../errors/problems.js';
import { loadBuiltPage, type PageFile } from './built-page.js';

/**
 * Everything the page needs comes from here, nothing from elsewhere: the script may only talk to this
 * service, so the page works offline and cannot leak what a reader looks at.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The explorer page at `/` and its assets at `/web/<file>`, built by `npm run build` into dist/web. */
@ApiExcludeController()
@Controller()
export class WebPageController {
  private readonly page = loadBuiltPage();

  @Get()
  index(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply) {
    if (!this.page) {
      throw new Problem(
        503,
        'PAGE_NOT_BUILT',
        'Service unavailable',
        'the explorer page has not been built: run npm run build',
      );
    }
    // The page names its assets by content hash: it is revalidated on every visit, they never are.
    reply.header('cache-control', 'no-cache').header('content-security-policy', CONTENT_SECURITY_POLICY);
    return send(reply, this.page.index, ifNoneMatch);
  }

  /**
   * Knight Lab's TimelineJS viewer over the TimelineJS export. Its library writes inline style
   * attributes, so this page alone also allows inline styles; scripts stay this service's own.
   */
  @Get('timeline-viewer')
  timelineViewer(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply) {
    const page = this.page?.pages.get('timelinejs');
    if (!page) throw notFound('page', 'timeline-viewer');
    reply
      .header('cache-control', 'no-cache')
      .header(
        'content-security-policy',
        CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
      );
    return send(reply, page, ifNoneMatch);
  }

  @Get('web/:file')
  asset(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const asset = this.page?.assets.get(file);
    if (!asset) throw notFound('file', file);
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return send(reply, asset, ifNoneMatch);
  }
}

function send(reply: FastifyReply, file: PageFile, ifNoneMatch: string | undefined) {
  reply.header('etag', file.etag).header('x-content-type-options', 'nosniff');
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === file.etag)) return reply.status(304).send();
  return reply.type(file.type).send(file.body);
}
