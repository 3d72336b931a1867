import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { FeedSource } from '../feed/feed-source.js';
import { ServiceCounters } from '../health/service-counters.js';
import { CONFIG, LOGGER } from '../tokens.js';
import { DeliveryLoop } from './delivery-loop.js';
import { TargetPolicy } from './target-policy.js';
import { hostAllowed } from './webhook-url.js';
import { WebhookStore } from './webhook-store.js';

/** One delivery loop per active webhook, from service start to shutdown. */
@Injectable()
export class WebhookDispatcher {
  private readonly loops = new Map<string, DeliveryLoop>();
  private running = false;

  constructor(
    private readonly store: WebhookStore,
    private readonly source: FeedSource,
    private readonly policy: TargetPolicy,
    private readonly adapterHost: HttpAdapterHost,
    private readonly counters: ServiceCounters,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Resumes every active webhook from its stored cursor. Only the HTTP server dispatches: CLI
   * commands open the same module on the same data directory and must not deliver a second time.
   */
  start(): void {
    if (!this.adapterHost.httpAdapter) return;
    this.running = true;
    for (const webhook of this.store.active()) this.follow(webhook.id);
  }

  /** Starts the webhook's loop unless it runs already, it is paused, or the service is stopping. */
  follow(id: string): void {
    if (!this.running || this.loops.has(id)) return;
    const webhook = this.store.get(id);
    if (webhook?.status !== 'active') return;
    // The allow-list may have been narrowed since the webhook was registered.
    if (!hostAllowed(new URL(webhook.url), this.config.webhooks.allowedHosts)) {
      this.store.pause(
        id,
        `${new URL(webhook.url).host} is no longer on the webhook allow-list (TIMELINE_WEBHOOK_ALLOWED_HOSTS)`,
      );
      return;
    }
    const log = this.log.child({ webhook: id });
    const loop = new DeliveryLoop(
      webhook,
      this.source,
      this.store,
      { ...this.config.webhooks, policy: this.policy, counted: (outcome) => this.counters.delivery(outcome) },
      log,
    );
    this.loops.set(id, loop);
    void loop
      .run()
      .catch((error: unknown) => log.error({ err: error }, 'webhook delivery loop failed'))
      .finally(() => {
        if (this.loops.get(id) === loop) this.loops.delete(id);
      });
  }

  /** Stops the webhook's loop, if any, and waits until it has ended. */
  async unfollow(id: string): Promise<void> {
    await this.loops.get(id)?.stop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.loops.values()].map((loop) => loop.stop()));
  }
}
