import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/roles.js';
import type { Config } from '../config.js';
import { notFound, Problem } from '../errors/problems.js';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import type { RegisterWebhookDto } from './register-webhook.dto.js';
import { newSecret } from './signature.js';
import { TargetPolicy } from './target-policy.js';
import { viewOf, type DeliveryAttempt, type Webhook, type WebhookFilter, type WebhookView } from './webhook.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookStore } from './webhook-store.js';
import { checkWebhookUrl } from './webhook-url.js';

/**
 * Registering, reading, resuming and deleting webhooks, each for the key that owns it (another
 * key's webhook is answered 404, as if it did not exist) or an admin key; the dispatcher follows
 * each change.
 */
@Injectable()
export class WebhookRegistry {
  constructor(
    private readonly store: WebhookStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly policy: TargetPolicy,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Registers a webhook; a secret the service made is returned this once. */
  async register(request: RegisterWebhookDto, owner: Principal): Promise<WebhookView & { secret?: string }> {
    // Each change is POSTed once per webhook: a key with hundreds would turn each write into hundreds of requests.
    const max = this.config.webhooks.maxPerKey;
    if (this.store.countOwnedBy(owner.id) >= max) {
      throw new Problem(
        409,
        'WEBHOOK_LIMIT_REACHED',
        'Conflict',
        `this key has ${max} webhooks, the most one key may have; delete one first`,
        { limit: max },
      );
    }
    const url = checkWebhookUrl(request.url, this.config.webhooks.allowedHosts);
    const target = await this.policy.addresses(new URL(url));
    if ('refused' in target) {
      throw new Problem(422, 'WEBHOOK_TARGET_NOT_ALLOWED', 'Target not allowed', target.refused, {
        errors: [{ path: 'url', code: 'target_not_allowed', message: target.refused }],
      });
    }
    const cursor = request.from === 'start' ? null : ((await this.events.head()) ?? null);
    const secret = request.secret ?? newSecret();
    const webhook: Webhook = {
      id: randomUUID(),
      owner: owner.id,
      url,
      secret,
      filter: filterOf(request.filter),
      status: 'active',
      cursor,
      consecutiveFailures: 0,
      pausedReason: null,
      createdAt: new Date().toISOString(),
    };
    this.store.create(webhook);
    this.dispatcher.follow(webhook.id);
    return { ...viewOf(webhook), ...(request.secret === undefined ? { secret } : {}) };
  }

  list(owner: Principal): WebhookView[] {
    return (owner.role === 'admin' ? this.store.list() : this.store.listFor(owner.id)).map(viewOf);
  }

  get(id: string, owner: Principal): WebhookView {
    return viewOf(this.find(id, owner));
  }

  deliveries(id: string, owner: Principal, limit: number): DeliveryAttempt[] {
    this.find(id, owner);
    return this.store.deliveries(id, limit);
  }

  /** Reactivates a paused webhook from its cursor with a fresh count of failures; an active one is left as it is. */
  async resume(id: string, owner: Principal): Promise<WebhookView> {
    if (this.find(id, owner).status === 'paused') {
      // A loop that has just paused the webhook may still be winding down.
      await this.dispatcher.unfollow(id);
      this.store.resume(id);
    }
    this.dispatcher.follow(id);
    return this.get(id, owner);
  }

  async remove(id: string, owner: Principal): Promise<void> {
    this.find(id, owner);
    await this.dispatcher.unfollow(id);
    this.store.remove(id);
  }

  private find(id: string, owner: Principal): Webhook {
    const webhook = this.store.get(id);
    if (!webhook || !(owner.role === 'admin' || webhook.owner === owner.id || webhook.owner === ''))
      throw notFound('webhook', id);
    return webhook;
  }
}

function filterOf(dto: RegisterWebhookDto['filter']): WebhookFilter {
  const filter: WebhookFilter = {};
  if (dto?.type?.length) filter.type = dto.type;
  if (dto?.subject) filter.subject = dto.subject;
  if (dto?.country) filter.country = dto.country;
  if (dto?.origin) filter.origin = dto.origin;
  if (dto?.q) filter.q = dto.q;
  return filter;
}
