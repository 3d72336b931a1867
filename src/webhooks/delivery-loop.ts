import type { Logger } from 'pino';
import type { FeedMessage } from '../feed/feed-message.js';
import type { DeliveryOutcome } from '../health/service-counters.js';
import type { FeedSource, FeedSubscription } from '../feed/feed-source.js';
import { toFeedFilter } from '../feed/feed-query.dto.js';
import { delay, retryDelay } from '../retry-delay.js';
import { sendDelivery, succeeded } from './send-delivery.js';
import type { TargetPolicy } from './target-policy.js';
import type { Webhook } from './webhook.js';
import type { WebhookStore } from './webhook-store.js';

export interface LoopSettings {
  policy: TargetPolicy;
  retryBaseMs: number;
  retryMaxMs: number;
  maxFailures: number;
  timeoutMs: number;
  /** Told how each attempt ended (for the metrics). */
  counted?: (outcome: DeliveryOutcome) => void;
}

type Ending = 'stopped' | 'paused';

/**
 * Delivers one webhook's changes in position order, one at a time: a change is retried until the
 * receiver acknowledges it (and the cursor is stored) or the webhook is paused, never skipped.
 */
export class DeliveryLoop {
  private readonly stopping = new AbortController();
  private readonly stopped: Promise<undefined>;
  private cursor: string | null;
  private failures: number;
  private feedFailures = 0;
  private done: Promise<void> | undefined;

  constructor(
    private readonly webhook: Webhook,
    private readonly source: FeedSource,
    private readonly store: WebhookStore,
    private readonly settings: LoopSettings,
    private readonly log: Logger,
  ) {
    this.cursor = webhook.cursor;
    this.failures = webhook.consecutiveFailures;
    this.stopped = new Promise((resolve) =>
      this.stopping.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    );
  }

  /** Runs until stopped or paused; resolves when it has ended. */
  run(): Promise<void> {
    this.done ??= this.follow();
    return this.done;
  }

  /** Interrupts any delivery in flight (it is not logged, so it is sent again later) and waits for the end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.done?.catch(() => undefined);
  }

  private async follow(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const subscription = this.source.subscribe(this.cursor ?? undefined, toFeedFilter(this.webhook.filter));
      try {
        if ((await this.deliverFrom(subscription)) === 'paused') return;
      } catch (error) {
        // The feed or the store failed (e.g. the read model lagging at startup): start over from the cursor.
        this.feedFailures += 1;
        this.log.warn({ err: error }, 'webhook delivery interrupted; resuming from the cursor');
        await delay(
          retryDelay(this.feedFailures, this.settings.retryBaseMs, this.settings.retryMaxMs),
          this.stopping.signal,
        );
      } finally {
        subscription.close();
      }
    }
  }

  private async deliverFrom(subscription: FeedSubscription): Promise<Ending> {
    const iterator = subscription[Symbol.asyncIterator]();
    for (;;) {
      const next = iterator.next();
      next.catch(() => undefined);
      const result = await Promise.race([next, this.stopped]);
      if (result === undefined || result.done) return 'stopped';
      const ending = await this.deliver(result.value);
      if (ending) return ending;
    }
  }

  /** Sends one change until it is acknowledged; returns how the loop ends instead, if it does. */
  private async deliver(message: FeedMessage): Promise<Ending | undefined> {
    const { position, kind, recordedAt, development } = message;
    const body = JSON.stringify({ position, kind, recordedAt, development });
    for (;;) {
      const outcome = await sendDelivery(
        this.webhook,
        position,
        body,
        this.settings.timeoutMs,
        this.stopping.signal,
        this.settings.policy,
      );
      if (outcome.interrupted) return 'stopped';
      const attempt = {
        position,
        attempt: this.failures + 1,
        statusCode: outcome.statusCode,
        error: outcome.error,
        durationMs: outcome.durationMs,
        at: new Date().toISOString(),
      };
      if (succeeded(outcome)) {
        this.settings.counted?.('delivered');
        this.store.recordDelivered(this.webhook.id, attempt);
        this.cursor = position;
        this.failures = 0;
        this.feedFailures = 0;
        return undefined;
      }
      this.failures += 1;
      const reason = outcome.error ?? `HTTP ${outcome.statusCode}`;
      const paused = this.failures >= this.settings.maxFailures;
      this.settings.counted?.(paused ? 'paused' : outcome.statusCode === null ? 'unreachable' : 'refused');
      if (paused) {
        const pausedReason = `${this.failures} consecutive failures delivering position ${position}; last: ${reason}`;
        this.store.recordFailed(this.webhook.id, attempt, this.failures, pausedReason);
        this.log.warn({ position, reason }, 'webhook paused');
        return 'paused';
      }
      this.store.recordFailed(this.webhook.id, attempt, this.failures);
      this.log.debug({ position, attempt: attempt.attempt, reason }, 'webhook delivery failed; retrying');
      await delay(retryDelay(this.failures, this.settings.retryBaseMs, this.settings.retryMaxMs), this.stopping.signal);
      if (this.stopping.signal.aborted) return 'stopped';
    }
  }
}
