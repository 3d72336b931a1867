import { Problem, validationFailed } from '../errors/problems.js';

/**
 * Checks a webhook URL: absolute http(s), no credentials, no fragment, and a host on the allow-list.
 * Returns it normalised; throws a 422 `Problem` naming `url` (`WEBHOOK_HOST_NOT_ALLOWED` for the host).
 */
export function checkWebhookUrl(raw: string, allowedHosts: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('invalid', 'url must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidUrl('scheme', `url must use http or https, not ${url.protocol.slice(0, -1)}`);
  if (url.username || url.password)
    throw invalidUrl(
      'credentials',
      'url must not carry credentials; receivers authenticate deliveries by their signature',
    );
  if (raw.includes('#')) throw invalidUrl('fragment', 'url must not have a fragment');
  if (!hostAllowed(url, allowedHosts)) {
    const message = `${url.host} is not on the webhook allow-list (TIMELINE_WEBHOOK_ALLOWED_HOSTS)`;
    throw new Problem(422, 'WEBHOOK_HOST_NOT_ALLOWED', 'Host not allowed', message, {
      errors: [{ path: 'url', code: 'host_not_allowed', message }],
    });
  }
  return url.href;
}

/** True when `url`'s host is allowed by a `*`, its bare name, or its `name:port` (default ports included). */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.includes('*')) return true;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.includes(url.hostname) || allowedHosts.includes(`${url.hostname}:${port}`);
}

function invalidUrl(code: string, message: string): Problem {
  return validationFailed([{ path: 'url', code, message }], `url: ${message}`);
}
