export type WebhookStatus = 'active' | 'paused';

/** The filter as it was registered (the request's shape, `type` as a list). */
export interface WebhookFilter {
  type?: string[];
  subject?: string;
  country?: string;
  origin?: string;
  q?: string;
}

export interface Webhook {
  id: string;
  /** The key that registered it (its id); only that key sees and manages it. Empty: registered before webhooks had owners. */
  owner: string;
  url: string;
  /** Keys the signatures; never leaves the service. */
  secret: string;
  filter: WebhookFilter;
  status: WebhookStatus;
  /** Position of the last delivered change; null: deliver from the start of the log. */
  cursor: string | null;
  /** Failed attempts at the change after the cursor since the last success or resume. */
  consecutiveFailures: number;
  pausedReason: string | null;
  createdAt: string;
}

/** One attempt to deliver one change: an HTTP status, or the error that prevented one. */
export interface DeliveryAttempt {
  position: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

export type WebhookView = Omit<Webhook, 'secret'>;

export function viewOf({ secret: _secret, ...webhook }: Webhook): WebhookView {
  return webhook;
}
