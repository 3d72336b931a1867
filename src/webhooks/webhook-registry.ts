import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { notFound } from '../errors/problems.js';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import type { RegisterWebhookDto } from './register-webhook.dto.js';
import { viewOf, type DeliveryAttempt, type Webhook, type WebhookFilter, type WebhookView } from './webhook.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookStore } from './webhook-store.js';
import { checkWebhookUrl } from './webhook-url.js';

/** Registering, reading, resuming and deleting webhooks; the dispatcher follows each change. */
@Injectable()
export class WebhookRegistry {
  constructor(
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async register(request: RegisterWebhookDto): Promise<WebhookView> {
    const url = checkWebhookUrl(request.url, this.config.webhooks.allowedHosts);
    const cursor = request.from === 'start' ? null : ((await this.events.head()) ?? null);
    const webhook: Webhook = {
      id: randomUUID(), url, secret: request.secret, filter: filterOf(request.filter), status: 'active', cursor,
      consecutiveFailures: 0, pausedReason: null, createdAt: new Date().toISOString(),
    };
    this.store.create(webhook);
    this.dispatcher.follow(webhook.id);
    return viewOf(webhook);
  }

  list(): WebhookView[] {
    return this.store.list().map(viewOf);
  }

  get(id: string): WebhookView {
    return viewOf(this.find(id));
  }

  deliveries(id: string, limit: number): DeliveryAttempt[] {
    this.find(id);
    return this.store.deliveries(id, limit);
  }

  /** Reactivates a paused webhook from its cursor with a fresh count of failures; an active one is left as it is. */
  async resume(id: string): Promise<WebhookView> {
    if (this.find(id).status === 'paused') {
      // A loop that has just paused the webhook may still be winding down.
      await this.dispatcher.unfollow(id);
      this.store.resume(id);
    }
    this.dispatcher.follow(id);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    this.find(id);
    await this.dispatcher.unfollow(id);
    this.store.remove(id);
  }

  private find(id: string): Webhook {
    const webhook = this.store.get(id);
    if (!webhook) throw notFound('webhook', id);
    return webhook;
  }
}

function filterOf(dto: RegisterWebhookDto['filter']): WebhookFilter {
  const filter: WebhookFilter = {};
  if (dto?.type?.length) filter.type = dto.type;
  if (dto?.subject) filter.subject = dto.subject;
  if (dto?.country) filter.country = dto.country;
  if (dto?.q) filter.q = dto.q;
  return filter;
}
