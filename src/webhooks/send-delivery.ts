import { performance } from 'node:perf_hooks';
import { signDelivery } from './signature.js';

export interface DeliveryTarget {
  id: string;
  url: string;
  secret: string;
}

/**
 * What one POST came to: the receiver's status, or the error that prevented one. `interrupted`
 * when the service stopped it midway, which is not an attempt to log.
 */
export type SendOutcome =
  | { interrupted: false; statusCode: number | null; error: string | null; durationMs: number }
  | { interrupted: true };

const USER_AGENT = 'timeline-webhooks/1';

/**
 * POSTs one signed change. Never throws: network errors and timeouts come back as `error`.
 * Redirects are not followed, so a receiver cannot send deliveries to a host off the allow-list.
 */
export async function sendDelivery(target: DeliveryTarget, position: string, body: string, timeoutMs: number, stop: AbortSignal): Promise<SendOutcome> {
  if (stop.aborted) return { interrupted: true };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  const onStop = () => controller.abort();
  stop.addEventListener('abort', onStop, { once: true });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'x-timeline-webhook-id': target.id,
        'x-timeline-delivery': position,
        'x-timeline-timestamp': timestamp,
        'x-timeline-signature': signDelivery(target.secret, timestamp, body),
      },
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    return { interrupted: false, statusCode: response.status, error: null, durationMs: elapsed() };
  } catch (error) {
    if (stop.aborted) return { interrupted: true };
    return { interrupted: false, statusCode: null, error: timedOut ? `timed out after ${timeoutMs} ms` : describe(error), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}

export function succeeded(outcome: { statusCode: number | null }): boolean {
  return outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  if (cause && typeof cause.message === 'string' && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
