import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import {
  applyChanges,
  checkDevelopment,
  type Correction,
  DevelopmentCorrected,
  type FieldError,
  referencesOf,
  toFieldErrors,
} from '../../../events/index.js';
import type { Config } from '../../config.js';
import { unregistered } from '../../entities/registered.js';
import { invalid, unknownSubjects } from '../../errors/rejection.js';
import { EntitiesTable } from '../../read-model/entities-table.js';
import { ReadModel } from '../../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { CONFIG } from '../../tokens.js';
import { appendLifecycle, type LifecycleResult } from '../append-lifecycle.js';
import type { LifecycleRequest } from '../lifecycle-route.js';
import { loadDevelopment } from '../load-development.js';
import { checkEventSize, pathOf } from '../record/check-developments.js';

export class CorrectDevelopment extends Command<LifecycleResult> {
  constructor(readonly request: LifecycleRequest) {
    super();
  }
}

export const correctionRequest = DevelopmentCorrected.extend({ id: z.uuid().optional() });

const underChanges = (errors: FieldError[]) => errors.map((e) => ({ ...e, path: `changes.${e.path}` }));

/**
 * Replaces fields of a development. The corrected development is validated as a new one would be
 * (envelope, the type's data, 1 MiB), and the correction keeps only the data fields the type knows.
 */
@CommandHandler(CorrectDevelopment)
export class CorrectDevelopmentHandler implements ICommandHandler<CorrectDevelopment> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entities: EntitiesTable,
    private readonly readModel: ReadModel,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ request }: CorrectDevelopment): Promise<LifecycleResult> {
    const { developmentId, body, ifMatch, principal } = request;
    checkEventSize(body, 'the correction');
    const parsed = correctionRequest.safeParse(body);
    if (!parsed.success) throw invalid(toFieldErrors(parsed.error));
    const { id, ...correction } = parsed.data;
    const current = await loadDevelopment(this.store, developmentId);
    const corrected = applyChanges(current.state, correction.changes);
    const checked = checkDevelopment({ type: current.state.type, ...corrected });
    if (!checked.ok) throw invalid(underChanges(checked.errors));
    checkEventSize({ ...corrected, data: checked.value.body.data }, 'the corrected development');
    const unknown = await unregistered(this.entities, this.store, referencesOf(checked.value.body));
    if (unknown.length > 0) {
      throw unknownSubjects(
        unknown,
        unknown.map((ref) => ({
          path: `changes.${pathOf(checked.value.body, ref)}`,
          code: 'unknown_subject',
          message: `${ref} is not a registered entity`,
        })),
      );
    }
    const stored = { ...correction, changes: knownChanges(correction.changes, checked.value.body.data) };
    return appendLifecycle(
      this.store,
      this.readModel,
      this.config.writeAckWaitMs,
      current,
      { id, type: 'DevelopmentCorrected', data: stored, principal },
      ifMatch,
    );
  }
}

/** The changes with `data` cut down to the fields the type knows, as validated. */
function knownChanges(changes: Correction['changes'], validData: Record<string, unknown>): Correction['changes'] {
  if (!changes.data) return changes;
  const data = Object.fromEntries(
    Object.keys(changes.data)
      .filter((key) => key in validData)
      .map((key) => [key, validData[key]]),
  );
  const { data: _given, ...rest } = changes;
  if (Object.keys(data).length > 0) return { ...rest, data };
  if (Object.keys(rest).length > 0) return rest;
  throw invalid([
    { path: 'changes.data', code: 'invalid', message: "none of these fields belongs to the development's type" },
  ]);
}
