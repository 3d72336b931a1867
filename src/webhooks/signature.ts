import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const STANDARD_PREFIX = 'whsec_';

/** A new secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export const newSecret = () => `${STANDARD_PREFIX}${randomBytes(24).toString('base64')}`;

/**
 * The bytes that key the signatures: for a `whsec_` secret, the base64 after the prefix (as the
 * Standard Webhooks libraries read it); for any other secret, its UTF-8 bytes.
 */
export function signingKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_PREFIX)
    ? Buffer.from(secret.slice(STANDARD_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** True for a secret that can key signatures: a `whsec_` secret must hold base64 of 16 bytes or more. */
export function usableSecret(secret: string): boolean {
  if (!secret.startsWith(STANDARD_PREFIX)) return true;
  const base64 = secret.slice(STANDARD_PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && signingKey(secret).length >= 16;
}

/**
 * The Standard Webhooks headers of one delivery, signed by the `standardwebhooks` package (the same
 * code receivers verify with): `webhook-id` (the same on every retry), `webhook-timestamp` (Unix
 * seconds) and `webhook-signature`, `v1,` and the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`.
 */
export function signatureHeaders(
  secret: string,
  messageId: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  const signature = new Webhook(signingKey(secret), { format: 'raw' }).sign(
    messageId,
    new Date(timestamp * 1000),
    body,
  );
  return { 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}
