import type { LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { signatureHeaders } from './signature.js';
import type { TargetPolicy } from './target-policy.js';

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

const USER_AGENT = 'timeline-webhooks/2';

/** A lookup that answers with the addresses already checked, so the connection goes to one of them. */
function pinnedTo(addresses: LookupAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs one signed change. Never throws: a refused address, network errors and timeouts come back
 * as `error`. The host is resolved and checked against the policy for this very attempt, and the
 * connection is made to the checked addresses only. Redirects are not followed.
 */
export async function sendDelivery(
  target: DeliveryTarget,
  position: string,
  body: string,
  timeoutMs: number,
  stop: AbortSignal,
  policy: TargetPolicy,
): Promise<SendOutcome> {
  if (stop.aborted) return { interrupted: true };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(target.url);
  const resolved = await policy.addresses(url);
  if (!('addresses' in resolved)) {
    return {
      interrupted: false,
      statusCode: null,
      error: `not sent: ${'refused' in resolved ? resolved.refused : resolved.unresolved}`,
      durationMs: elapsed(),
    };
  }
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': USER_AGENT,
    'x-timeline-webhook-id': target.id,
    'x-timeline-delivery': position,
    ...signatureHeaders(target.secret, `${target.id}_${position}`, Math.floor(Date.now() / 1000), body),
  };
  return new Promise((resolve) => {
    let timedOut = false;
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers,
        agent: false,
        lookup: pinnedTo(resolved.addresses),
      },
      (response) => {
        response.resume();
        finish({ interrupted: false, statusCode: response.statusCode ?? null, error: null, durationMs: elapsed() });
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy();
    }, timeoutMs);
    const onStop = () => request.destroy();
    stop.addEventListener('abort', onStop, { once: true });
    const finish = (outcome: SendOutcome) => {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
      resolve(outcome);
    };
    request.on('error', (error) => {
      if (stop.aborted) finish({ interrupted: true });
      else
        finish({
          interrupted: false,
          statusCode: null,
          error: timedOut ? `timed out after ${timeoutMs} ms` : error.message,
          durationMs: elapsed(),
        });
    });
    request.end(body);
  });
}

export function succeeded(outcome: { statusCode: number | null }): boolean {
  return outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
}
