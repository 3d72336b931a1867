import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { inNetworks, parseNetwork } from '../net/networks.js';

const lastOf = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header.at(-1) : header)?.split(',').at(-1)?.trim() || undefined;

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Where clients reach the service, for links it writes: `TIMELINE_PUBLIC_URL`, else what a trusted
 * proxy says in `X-Forwarded-Host`/`-Proto`, else '' (links relative to the address the client
 * used). Never the request's own `Host`: anyone can send one, and it would land in every link.
 */
export function publicBase(request: FastifyRequest, config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  const host = lastOf(request.headers['x-forwarded-host']);
  const peer = request.raw.socket.remoteAddress;
  if (!host || !HOST.test(host) || !peer || !trusted(peer, config.trustedProxies)) return '';
  const proto = lastOf(request.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

function trusted(peer: string, proxies: readonly string[]): boolean {
  const networks = proxies.flatMap((p) => parseNetwork(p) ?? []);
  return networks.length > 0 && inNetworks(peer, 0, networks);
}
