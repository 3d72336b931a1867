import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { PresentedDevelopment } from '../developments/present.js';
import { DisplayNames } from './display-names.js';
import { takeOutputOptions } from './output-options.js';
import { developmentCsv, developmentsTimelineJs, TIMELINE_CSV_HEADER } from './timeline-export.js';
import { rowsCsv, rowsTimelineJs, type AnsweredRow } from './view-export.js';

/** What a route answers: a timeline page, a view page, or anything else (names only). */
type OutputKind = 'timeline' | 'view' | 'names';
const OUTPUT_KIND = Symbol('output-kind');

interface TimelinePage {
  developments: PresentedDevelopment[];
  nextCursor?: string;
}
interface ViewPage {
  view: string;
  asOf: string;
  rows: AnsweredRow[];
  nextCursor?: string;
}

/** `expand=names` on a route; with `exports`, also `format=csv|timelinejs` (or `Accept: text/csv`). */
export function Output(kind: OutputKind) {
  return applyDecorators(
    SetMetadata(OUTPUT_KIND, kind),
    UseInterceptors(OutputInterceptor),
    ApiQuery({
      name: 'expand',
      required: false,
      enum: ['names'],
      description: 'names: add a `names` map of the ids in the answer to display names',
    }),
    ...(kind === 'names'
      ? []
      : [
          ApiQuery({
            name: 'format',
            required: false,
            enum: ['json', 'csv', 'timelinejs'],
            description: 'csv or timelinejs: every matching row in one file, not one page (also `Accept: text/csv`)',
          }),
          ApiProduces('application/json', 'text/csv'),
        ]),
  );
}

/**
 * Turns a route's JSON page into the representation asked for. An export holds every matching row:
 * the route is called again per page (each call reads the query anew, cursor included), all at the
 * same `knownAt`, so a development recorded meanwhile cannot shift the pages.
 */
@Injectable()
export class OutputInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly names: DisplayNames,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kind = this.reflector.get<OutputKind>(OUTPUT_KIND, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const query = request.query as Record<string, unknown>;
    const options = takeOutputOptions(query, request.headers.accept, kind !== 'names');
    if (kind !== 'names') void reply.header('vary', 'Accept');
    if (options.format === 'json') {
      return options.names
        ? next.handle().pipe(map((body: object) => ({ ...body, names: this.names.mapOf(body) })))
        : next.handle();
    }
    query.knownAt ??= new Date().toISOString();
    query.limit = '500';
    const name = (ref: string) => this.names.of(ref);
    const pages = readPages(next, query);
    if (kind === 'timeline') {
      return from(
        options.format === 'csv'
          ? timelineCsv(pages as AsyncGenerator<TimelinePage>, name)
          : collect(pages as AsyncGenerator<TimelinePage>, (p) => p.developments).then(({ items }) =>
              developmentsTimelineJs(items, name, 'Timeline'),
            ),
      );
    }
    return from(
      collect(pages as AsyncGenerator<ViewPage>, (p) => p.rows).then(({ first, items }) => {
        if (options.format === 'timelinejs') return rowsTimelineJs(items, first.view, first.asOf, name);
        void reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${first.view}-${first.asOf}.csv"`);
        return rowsCsv(items, name);
      }),
    );
  }
}

async function* readPages(next: CallHandler, query: Record<string, unknown>): AsyncGenerator<{ nextCursor?: string }> {
  for (;;) {
    const page = (await lastValueFrom(next.handle())) as { nextCursor?: string };
    yield page;
    if (!page.nextCursor) return;
    query.cursor = page.nextCursor;
  }
}

async function collect<P, T>(pages: AsyncGenerator<P>, items: (page: P) => T[]): Promise<{ first: P; items: T[] }> {
  const all: T[] = [];
  let first: P | undefined;
  for await (const page of pages) {
    first ??= page;
    all.push(...items(page));
  }
  return { first: first!, items: all };
}

/** Streams the timeline page by page; the first page is read before answering: a bad query is still a 400. */
async function timelineCsv(
  pages: AsyncGenerator<TimelinePage>,
  name: (ref: string) => string | undefined,
): Promise<StreamableFile> {
  const first = await pages.next();
  async function* lines(): AsyncGenerator<string> {
    yield TIMELINE_CSV_HEADER;
    for (let page = first; !page.done; page = await pages.next()) {
      for (const development of page.value.developments) yield developmentCsv(development, name);
    }
  }
  return new StreamableFile(Readable.from(lines()), {
    type: 'text/csv; charset=utf-8',
    disposition: 'attachment; filename="timeline.csv"',
  });
}
