import { type DynamicModule, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ApiKeys } from './auth/api-keys.js';
import { KeysController } from './auth/keys.controller.js';
import { AuthFailures, RateLimiter } from './auth/rate-limiter.js';
import { WriteGuard } from './auth/write.guard.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import type { Config } from './config.js';
import { CorrectDevelopmentHandler } from './developments/correct/correct-development.command.js';
import { DevelopmentsController } from './developments/developments.controller.js';
import { GetDevelopmentHandler } from './developments/get/get-development.query.js';
import { RecordDevelopmentsHandler } from './developments/record/record-developments.command.js';
import { RetractDevelopmentHandler } from './developments/retract/retract-development.command.js';
import { GetTimelineHandler } from './developments/timeline/timeline.query.js';
import { EntitiesController } from './entities/entities.controller.js';
import { RegisterEntitiesHandler } from './entities/register-entities.command.js';
import { ProblemFilter } from './errors/problem.filter.js';
import { DisplayNames } from './export/display-names.js';
import { EventStreams } from './feed/event-streams.js';
import { ViewWatches } from './feed/view-watches.js';
import { FeedController } from './feed/feed.controller.js';
import { FeedSource } from './feed/feed-source.js';
import { ReplayStreamController } from './feed/replay-stream.controller.js';
import { WatchController } from './feed/watch.controller.js';
import { HealthController } from './health/health.controller.js';
import { ImportRowsHandler } from './import/import-rows.command.js';
import { ImportsController } from './import/imports.controller.js';
import { Metrics } from './health/metrics.js';
import { Readiness } from './health/readiness.js';
import { ServiceCounters } from './health/service-counters.js';
import { StorageFaults } from './health/storage-faults.js';
import { Shutdown } from './http/shutdown.js';
import { assertEmbeddedLogPresent, assertLogCoversReadModel } from './read-model/log-check.js';
import { openReadModel, type ReadModelParts } from './views/build/open-read-model.js';
import { EntitiesTable } from './read-model/entities-table.js';
import { ReadModel } from './read-model/read-model.js';
import { EVENT_STORE, type EventStore } from './store/event-store.js';
import { openEventStore } from './store/open-event-store.js';
import { CONFIG, LOGGER, READ_MODEL } from './tokens.js';
import { GetChangesHandler } from './views/changes.query.js';
import { GetExpectationsHandler } from './views/expectations.query.js';
import { GetSeriesHandler } from './views/series.query.js';
import { GetFigureSeriesHandler } from './views/figure-series.query.js';
import { GetEntityProfileHandler } from './views/entity-profile.query.js';
import { GetReplayHandler } from './views/replay.query.js';
import { GetStateHandler } from './views/state.query.js';
import { ViewEngine } from './views/build/view-engine.js';
import { ViewReader } from './views/read/view-reader.js';
import { ViewsController } from './views/views.controller.js';
import { WebPageController } from './web/web-page.controller.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { WebhookRegistry } from './webhooks/webhook-registry.js';
import { WebhookStore } from './webhooks/webhook-store.js';
import { TargetPolicy } from './webhooks/target-policy.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

export const commandHandlers = [
  RecordDevelopmentsHandler,
  CorrectDevelopmentHandler,
  RetractDevelopmentHandler,
  RegisterEntitiesHandler,
  ImportRowsHandler,
];
export const queryHandlers = [
  GetDevelopmentHandler,
  GetTimelineHandler,
  GetStateHandler,
  GetChangesHandler,
  GetReplayHandler,
  GetEntityProfileHandler,
  GetSeriesHandler,
  GetFigureSeriesHandler,
  GetExpectationsHandler,
];

/** Starts the read model with the application and closes it and the store last, after HTTP has drained. */
class Lifecycle implements OnModuleInit, OnApplicationShutdown {
  private building: Promise<void> = Promise.resolve();
  private readonly stopBuilding = new AbortController();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
    @Inject(READ_MODEL) private readonly parts: ReadModelParts,
    private readonly webhooks: WebhookDispatcher,
    private readonly webhookStore: WebhookStore,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await assertLogCoversReadModel(this.readModel, this.store);
    await this.parts.start();
    // View definitions new to the read model are built from the development history while the others serve;
    // a build that fails (the file locked by the CLI too long) is logged, and the next start builds it again.
    this.building = this.parts.ready(undefined, this.stopBuilding.signal).catch((error: unknown) => {
      if (!this.stopBuilding.signal.aborted) this.log.error({ err: error }, 'building views failed');
    });
    this.webhooks.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Delivery loops read the feed: they stop before the read model and the store close.
    await this.webhooks.stop();
    this.webhookStore.close();
    this.stopBuilding.abort();
    await this.building;
    await this.readModel.stop({ drain: false });
    await this.store.close();
    this.readModel.close();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: Config, log: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        DevelopmentsController,
        EntitiesController,
        ViewsController,
        FeedController,
        WatchController,
        ReplayStreamController,
        CatalogueController,
        HealthController,
        WebhooksController,
        WebPageController,
        KeysController,
        ImportsController,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: log },
        {
          provide: EVENT_STORE,
          useFactory: () => {
            if (config.store === 'sqlite') assertEmbeddedLogPresent(config.dataDir);
            return openEventStore(config, log);
          },
        },
        {
          provide: READ_MODEL,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => openReadModel(join(config.dataDir, 'read-model.db'), store, log),
        },
        { provide: ReadModel, inject: [READ_MODEL], useFactory: (parts: ReadModelParts) => parts.readModel },
        { provide: EntitiesTable, inject: [READ_MODEL], useFactory: (parts: ReadModelParts) => parts.entities },
        { provide: ViewEngine, inject: [READ_MODEL], useFactory: (parts: ReadModelParts) => parts.views },
        {
          provide: ViewReader,
          inject: [ViewEngine],
          useFactory: (views: ViewEngine) => new ViewReader(views, config.http.readBudgetMs),
        },
        { provide: ApiKeys, useFactory: () => ApiKeys.load(config.apiKeys, config.dataDir) },
        { provide: RateLimiter, useFactory: () => new RateLimiter(config.writeRatePerMinute) },
        { provide: AuthFailures, useFactory: () => new AuthFailures(new RateLimiter(config.authFailuresPerMinute)) },
        { provide: APP_FILTER, useClass: ProblemFilter },
        WriteGuard,
        FeedSource,
        Shutdown,
        EventStreams,
        ViewWatches,
        StorageFaults,
        Readiness,
        Metrics,
        ServiceCounters,
        { provide: WebhookStore, useFactory: () => new WebhookStore(join(config.dataDir, 'webhooks.db')) },
        { provide: TargetPolicy, useFactory: () => new TargetPolicy(config.webhooks.allowedNetworks) },
        WebhookDispatcher,
        WebhookRegistry,
        DisplayNames,
        Lifecycle,
        ...commandHandlers,
        ...queryHandlers,
      ],
      exports: [EVENT_STORE, ReadModel, ViewEngine, ViewReader, READ_MODEL],
    };
  }
}
