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
import { setImmediate } from 'node:timers/promises';
import { DisplayNames } from './display-names.js';
import { type OutputOptions, takeOutputOptions } from './output-options.js';
import {
  developmentCsv,
  developmentsTimelineJsTitle,
  developmentTimelineJs,
  TIMELINE_CSV_HEADER,
} from './timeline-export.js';
import { TIMELINE_JS_TYPE } from './timelinejs.js';
import { type AnsweredRow, rowsTimelineJsTitle, rowTimelineJs, viewCsvHeader, viewCsvRecord } from './view-export.js';

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
          ApiQuery({
            name: 'bom',
            required: false,
            type: Boolean,
            description: 'true: the CSV starts with a byte order mark, for spreadsheets that otherwise misread UTF-8',
          }),
          ApiProduces('application/json', 'text/csv'),
        ]),
  );
}

/** Rows read per page of an export: one page is the most work done between two turns of the event loop. */
export const EXPORT_PAGE_SIZE = 200;

/**
 * Turns a route's JSON page into the representation asked for. An export holds every matching row:
 * the route is called again per page (each call reads the query anew, cursor included), all at the
 * same `knownAt`, so a development recorded meanwhile cannot shift the pages. It is streamed as the
 * pages are read, with a turn of the event loop between pages, so a large export never keeps other
 * requests waiting.
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
    query.limit = String(EXPORT_PAGE_SIZE);
    const name = (ref: string) => this.names.of(ref);
    return from(
      exported(
        kind as 'timeline' | 'view',
        options,
        pagesWithTurns(() => lastValueFrom(next.handle()), query),
        name,
      ),
    );
  }
}

type Page = TimelinePage | ViewPage;

/**
 * The pages of an answer, from the query's cursor on, with a turn of the event loop (`setImmediate`)
 * after each: work queued as promises alone never lets the loop serve anyone else.
 */
export async function* pagesWithTurns<P extends { nextCursor?: string }>(
  read: () => Promise<unknown>,
  query: Record<string, unknown>,
): AsyncGenerator<P> {
  for (;;) {
    const page = (await read()) as P;
    yield page;
    if (!page.nextCursor) return;
    query.cursor = page.nextCursor;
    await setImmediate();
  }
}

/** The first page is read before answering: a bad query is still a 400, not a broken download. */
async function exported(
  kind: 'timeline' | 'view',
  options: OutputOptions,
  pages: AsyncGenerator<Page>,
  name: (ref: string) => string | undefined,
): Promise<StreamableFile> {
  const first = await pages.next();
  const view = kind === 'view' ? (first.value as ViewPage) : undefined;
  async function* all(): AsyncGenerator<Page> {
    for (let page = first; !page.done; page = await pages.next()) yield page.value;
  }
  const items = (page: Page) => (kind === 'view' ? (page as ViewPage).rows : (page as TimelinePage).developments);
  const filename = view ? `${view.view}-${view.asOf}` : 'timeline';
  if (options.format === 'csv') {
    const header = view ? viewCsvHeader(view.view) : TIMELINE_CSV_HEADER;
    const line = view
      ? (row: unknown) => viewCsvRecord(row as AnsweredRow, view.view, name)
      : (d: unknown) => developmentCsv(d as PresentedDevelopment, name);
    async function* csv(): AsyncGenerator<string> {
      // A byte order mark tells a spreadsheet the file is UTF-8.
      yield `${options.bom ? '\uFEFF' : ''}${header}`;
      for await (const page of all()) yield items(page).map(line).join('');
    }
    return new StreamableFile(Readable.from(csv()), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${filename}.csv"`,
    });
  }
  const title = view ? rowsTimelineJsTitle(view.view, view.asOf) : developmentsTimelineJsTitle('Timeline');
  const event = view
    ? (row: unknown) => rowTimelineJs(row as AnsweredRow, view.view, name)
    : (d: unknown) => developmentTimelineJs(d as PresentedDevelopment, name);
  async function* json(): AsyncGenerator<string> {
    yield `{"title":${JSON.stringify(title)},"events":[`;
    let separator = '';
    for await (const page of all()) {
      const events = items(page).map((item) => JSON.stringify(event(item)));
      if (events.length > 0) yield `${separator}${events.join(',')}`;
      if (events.length > 0) separator = ',';
    }
    yield ']}';
  }
  return new StreamableFile(Readable.from(json()), {
    type: `${TIMELINE_JS_TYPE}; charset=utf-8`,
    disposition: `attachment; filename="${filename}.timelinejs.json"`,
  });
}
