import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import { applyChanges, checkData, DevelopmentCorrected, referencesOf, toFieldErrors } from '../../../events/index.js';
import { unknownSubjects, validationFailed } from '../../errors/problems.js';
import { EntitiesTable } from '../../read-model/entities-table.js';
import { ReadModel } from '../../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { appendLifecycle, type LifecycleResult } from '../append-lifecycle.js';
import { loadDevelopment } from '../load-development.js';
import { pathOf } from '../record/record-developments.command.js';

export class CorrectDevelopment extends Command<LifecycleResult> {
  constructor(readonly developmentId: string, readonly body: unknown, readonly ifMatch: number | undefined, readonly principal: string) {
    super();
  }
}

const correctionRequest = DevelopmentCorrected.extend({ id: z.uuid().optional() });

/** Replaces fields of a development; the corrected development must still be valid for its type. */
@CommandHandler(CorrectDevelopment)
export class CorrectDevelopmentHandler implements ICommandHandler<CorrectDevelopment> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entities: EntitiesTable,
    private readonly readModel: ReadModel,
  ) {}

  async execute({ developmentId, body, ifMatch, principal }: CorrectDevelopment): Promise<LifecycleResult> {
    const parsed = correctionRequest.safeParse(body);
    if (!parsed.success) throw validationFailed(toFieldErrors(parsed.error));
    const { id, ...correction } = parsed.data;
    const current = await loadDevelopment(this.store, developmentId);
    const corrected = applyChanges(current.state, correction.changes);
    const data = checkData(current.state.type, corrected.data);
    if (!data.ok) throw validationFailed(data.errors.map((e) => ({ ...e, path: `changes.${e.path}` })));
    const unknown = this.entities.unknown(referencesOf(corrected));
    if (unknown.length > 0) {
      throw unknownSubjects(unknown, unknown.map((ref) => ({ path: `changes.${pathOf(corrected, ref)}`, code: 'unknown_subject', message: `${ref} is not a registered entity` })));
    }
    return appendLifecycle(this.store, this.readModel, current,
      { id, type: 'DevelopmentCorrected', data: correction, principal }, ifMatch);
  }
}
