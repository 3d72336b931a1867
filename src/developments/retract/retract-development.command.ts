import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { z } from 'zod';
import { DevelopmentRetracted, toFieldErrors } from '../../../events/index.js';
import type { Config } from '../../config.js';
import { invalid } from '../../errors/rejection.js';
import { ReadModel } from '../../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { CONFIG } from '../../tokens.js';
import { appendLifecycle, type LifecycleResult } from '../append-lifecycle.js';
import type { LifecycleRequest } from '../lifecycle-route.js';
import { loadDevelopment } from '../load-development.js';

export class RetractDevelopment extends Command<LifecycleResult> {
  constructor(readonly request: LifecycleRequest) {
    super();
  }
}

export const retractionRequest = DevelopmentRetracted.extend({ id: z.uuid().optional() });

/** Withdraws a development; it stays in the log and in `knownAt` answers before the retraction. */
@CommandHandler(RetractDevelopment)
export class RetractDevelopmentHandler implements ICommandHandler<RetractDevelopment> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ request }: RetractDevelopment): Promise<LifecycleResult> {
    const { developmentId, body, ifMatch, principal } = request;
    const parsed = retractionRequest.safeParse(body);
    if (!parsed.success) throw invalid(toFieldErrors(parsed.error));
    const { id, ...retraction } = parsed.data;
    const current = await loadDevelopment(this.store, developmentId);
    return appendLifecycle(
      this.store,
      this.readModel,
      this.config.writeAckWaitMs,
      current,
      { id, type: 'DevelopmentRetracted', data: retraction, principal },
      ifMatch,
    );
  }
}
