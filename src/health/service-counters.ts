import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

/** How one webhook delivery attempt ended. */
export type DeliveryOutcome = 'delivered' | 'refused' | 'unreachable' | 'paused';

/**
 * Counters that the write path and the webhook loops add to, kept apart from `Metrics` (which
 * reads the read model and the streams) so those parts need nothing but this. `Metrics` exposes them.
 */
@Injectable()
export class ServiceCounters {
  readonly developmentsAppended = new Counter({
    name: 'timeline_developments_appended_total',
    help: 'Developments appended to the log by this instance (a retry of a stored one is not counted)',
    registers: [],
  });

  readonly webhookDeliveries = new Counter({
    name: 'timeline_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), refused (another status), unreachable (no answer), paused (the attempt that paused the webhook)',
    labelNames: ['outcome'],
    registers: [],
  });

  constructor() {
    // Every outcome is present from the start, so a rate over it is defined before the first failure.
    for (const outcome of ['delivered', 'refused', 'unreachable', 'paused'] satisfies DeliveryOutcome[])
      this.webhookDeliveries.inc({ outcome }, 0);
  }

  delivery(outcome: DeliveryOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }
}
