import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { presentDevelopment, type PresentedDevelopment } from '../present.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { loadDevelopment } from '../load-development.js';

export class GetDevelopment extends Query<PresentedDevelopment> {
  constructor(
    readonly id: string,
    readonly knownAt?: string,
  ) {
    super();
  }
}

/** Folds the development's stream from the log, so the answer never lags the read model. */
@QueryHandler(GetDevelopment)
export class GetDevelopmentHandler implements IQueryHandler<GetDevelopment> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ id, knownAt }: GetDevelopment): Promise<PresentedDevelopment> {
    return presentDevelopment((await loadDevelopment(this.store, id, knownAt)).state);
  }
}
