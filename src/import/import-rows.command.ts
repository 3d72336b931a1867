import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { FieldError } from '../../events/index.js';
import type { Config } from '../config.js';
import {
  type CheckedDevelopment,
  checkDevelopments,
  developmentAppend,
} from '../developments/record/check-developments.js';
import { checkEntities, type Entity, entityAppend } from '../entities/register-entities.command.js';
import { invalid, Rejection, type ItemError } from '../errors/rejection.js';
import { fromStoreError } from '../errors/store-errors.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { canonicalJson } from '../store/canonical-json.js';
import { type AppendRequest, EVENT_STORE, type EventStore } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import { Shutdown } from '../http/shutdown.js';
import { columnOf } from './csv-columns.js';
import { importedId } from './imported-id.js';
import { type ImportFile, type ImportRow, MAX_IMPORT_ROWS } from './import-files.js';

export type RowOutcome = 'would_record' | 'recorded' | 'duplicate' | 'rejected';

export interface RowError extends FieldError {
  /** The CSV column the error is in, when the file is a CSV and the field has a column. */
  column?: string;
}

export interface RowAnswer {
  row: number;
  kind: 'development' | 'entity';
  /** The development's id (given, or derived from the row's content), or the entity's. */
  id?: string;
  outcome: RowOutcome;
  errors?: RowError[];
}

export interface ImportAnswer {
  dryRun: boolean;
  recorded: number;
  wouldRecord: number;
  duplicates: number;
  rejected: number;
  rows: RowAnswer[];
}

/**
 * What a dry run of a file checked in parts carries from one part to the next, so that each part is
 * checked as the whole file would be: the entities the file registers (all of them, before any of
 * its developments is checked) and the rows each entity and development id was first seen at.
 */
export interface ImportParts {
  registering: Set<string>;
  entities: Map<string, number>;
  developments: Map<string, number>;
}

export function importParts(): ImportParts {
  return { registering: new Set(), entities: new Map(), developments: new Map() };
}

export class ImportRows extends Command<{ answer: ImportAnswer; viewsCurrent: boolean }> {
  /** @param parts set for a dry run of a file too large for one command, checked a part at a time (the CLI). */
  constructor(
    readonly file: ImportFile,
    readonly dryRun: boolean,
    readonly principal: string,
    readonly parts?: ImportParts,
  ) {
    super();
  }
}

interface Checked {
  row: ImportRow;
  kind: RowAnswer['kind'];
  id?: string;
  append?: AppendRequest;
  errors: FieldError[];
  duplicate?: boolean;
}

const isEntity = (value: unknown) => typeof value === 'object' && value !== null && 'entityId' in value;

/**
 * Imports a file's rows (entities and developments) all-or-nothing, checked exactly as `POST /entities`
 * and `POST /developments` check them: a dry run answers what each row would do and records nothing;
 * a real run with any row rejected records nothing either. A row without an id gets one derived from its
 * content, so importing the same file again finds every row already recorded.
 */
@CommandHandler(ImportRows)
export class ImportRowsHandler implements ICommandHandler<ImportRows> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entities: EntitiesTable,
    private readonly readModel: ReadModel,
    @Inject(CONFIG) private readonly config: Config,
    @Optional() private readonly shutdown?: Shutdown,
  ) {}

  async execute({
    file,
    dryRun,
    principal,
    parts,
  }: ImportRows): Promise<{ answer: ImportAnswer; viewsCurrent: boolean }> {
    // A file checked in parts is recorded by nothing: an import records all of its rows or none.
    if (parts && !dryRun) throw new Error('a file is imported whole; only a dry run checks it in parts');
    if (file.rows.length === 0)
      throw invalid([{ path: '(body)', code: 'too_small', message: 'the file holds no rows to import' }]);
    if (file.rows.length > MAX_IMPORT_ROWS && !parts) {
      throw new Rejection(
        'BATCH_TOO_LARGE',
        `an import holds at most ${MAX_IMPORT_ROWS} rows, got ${file.rows.length}; split the file`,
      );
    }
    const checked = await this.check(file.rows, principal, parts ?? importParts());
    await this.findRecorded(checked);
    const answer = answerOf(checked, file.columns, dryRun);
    if (answer.rejected > 0 && !dryRun) {
      const errors = answer.rows.flatMap((r) => (r.errors ?? []).map((e) => ({ row: r.row, ...e })));
      throw new Rejection(
        'IMPORT_REJECTED',
        `${answer.rejected} of ${answer.rows.length} rows are not valid; nothing was recorded`,
        { errors, rows: answer.rows.filter((r) => r.outcome === 'rejected') },
      );
    }
    const requests = checked.filter((c) => c.append && !c.duplicate).map((c) => c.append!);
    if (dryRun || requests.length === 0) return { answer, viewsCurrent: true };
    // A service stopping while the file was checked records none of it: 503, retried after the restart.
    this.shutdown?.assertRunning();
    const results = await this.store.appendMany(requests).catch((error: unknown) => {
      throw fromStoreError(error);
    });
    const viewsCurrent = await this.readModel.reached(
      results[results.length - 1]!.position,
      this.config.writeAckWaitMs,
    );
    return { answer, viewsCurrent };
  }

  /** Each row checked: entities first, since the developments of the same file may name them. */
  private async check(rows: ImportRow[], principal: string, parts: ImportParts): Promise<Checked[]> {
    const unreadable = rows.filter((r) => r.unreadable !== undefined);
    const entityRows = rows.filter((r) => r.unreadable === undefined && isEntity(r.value));
    const developmentRows = rows.filter((r) => r.unreadable === undefined && !isEntity(r.value));
    const checkedEntities = checkEntities(
      entityRows.map((r) => r.value),
      this.entities,
    );
    for (const e of checkedEntities.entities) if (e) parts.registering.add(e.entityId);
    const checkedDevelopments = await checkDevelopments(
      developmentRows.map((r) => r.value),
      this.entities,
      this.store,
      { registering: parts.registering, idOf: importedId },
    );
    // An id seen in an earlier part of the file is as much a repeat as one in this part (which
    // checkDevelopments finds).
    const here: [string, number][] = [];
    checkedDevelopments.developments.forEach((development, index) => {
      if (!development) return;
      const first = parts.developments.get(development.id);
      if (first !== undefined)
        checkedDevelopments.errors.push({ index, path: 'id', code: 'duplicate', message: `same id as row ${first}` });
      else here.push([development.id, developmentRows[index]!.row]);
    });
    for (const [id, row] of here) if (!parts.developments.has(id)) parts.developments.set(id, row);
    const byIndex = (errors: ItemError[], index: number) =>
      errors.filter((e) => e.index === index).map(({ index: _i, ...e }) => e);
    const seenEntities = parts.entities;
    return [
      ...unreadable.map((row) => ({
        row,
        kind: (isEntity(row.value) ? 'entity' : 'development') as RowAnswer['kind'],
        errors: [{ path: '(row)', code: 'unreadable', message: row.unreadable! }],
      })),
      ...entityRows.map((row, i) => {
        const entity: Entity | undefined = checkedEntities.entities[i];
        const errors = byIndex(checkedEntities.errors, i);
        if (entity && seenEntities.has(entity.entityId))
          errors.push({
            path: 'entityId',
            code: 'duplicate',
            message: `same entity as row ${seenEntities.get(entity.entityId)}`,
          });
        if (entity) seenEntities.set(entity.entityId, row.row);
        return {
          row,
          kind: 'entity' as const,
          id: entity?.entityId,
          append: entity && entityAppend(entity, principal),
          errors,
        };
      }),
      ...developmentRows.map((row, i) => {
        const development: CheckedDevelopment | undefined = checkedDevelopments.developments[i];
        return {
          row,
          kind: 'development' as const,
          id: development?.id,
          append: development && developmentAppend(development, principal),
          errors: byIndex(checkedDevelopments.errors, i),
        };
      }),
    ].sort((a, b) => a.row.row - b.row.row);
  }

  /**
   * Marks rows already recorded with the same content as duplicates; an id (or entity) recorded with
   * other content is an error at that row, as the store would refuse it.
   */
  private async findRecorded(checked: Checked[]): Promise<void> {
    for (const [n, item] of checked.entries()) {
      if (n % 500 === 0) this.shutdown?.assertRunning();
      if (!item.append || item.errors.length > 0) continue;
      const [first] = await this.store.readStream(item.append.stream);
      if (!first) continue;
      const event = item.append.events[0]!;
      if (first.type === event.type && canonicalJson(first.data) === canonicalJson(event.data)) item.duplicate = true;
      else if (item.kind === 'entity')
        item.errors.push({
          path: 'entityId',
          code: 'conflict',
          message: `${item.id} is already registered with other details`,
        });
      else
        item.errors.push({
          path: 'id',
          code: 'conflict',
          message: 'this id is already recorded with different content',
        });
    }
  }
}

function answerOf(checked: Checked[], columns: string[] | undefined, dryRun: boolean): ImportAnswer {
  const rows = checked.map((c): RowAnswer => {
    const base = { row: c.row.row, kind: c.kind, ...(c.id ? { id: c.id } : {}) };
    if (c.errors.length > 0) {
      const errors = c.errors.map((e) => {
        const column = columns && columnOf(e.path, columns);
        return { ...(column ? { column } : {}), ...e };
      });
      return { ...base, outcome: 'rejected', errors };
    }
    return { ...base, outcome: c.duplicate ? 'duplicate' : dryRun ? 'would_record' : 'recorded' };
  });
  const count = (outcome: RowOutcome) => rows.filter((r) => r.outcome === outcome).length;
  return {
    dryRun,
    recorded: count('recorded'),
    wouldRecord: count('would_record'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
    rows,
  };
}
