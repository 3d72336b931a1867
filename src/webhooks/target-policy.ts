import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { isSpecialAddress } from '../net/addresses.js';
import { inNetworks, type Network, parseNetwork } from '../net/networks.js';

/** Resolves a host name to all its addresses (`dns.lookup` with `all`), or fails. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export const resolveWithDns: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * Which addresses webhooks may reach: any public address, and loopback or private ones only where
 * the operator listed them (TIMELINE_WEBHOOK_ALLOWED_NETWORKS). It is applied to the addresses a
 * host name resolves to, at registration and again for every delivery, on the very addresses the
 * delivery connects to, so a name that later resolves elsewhere (DNS rebinding) gains nothing.
 */
export class TargetPolicy {
  private readonly networks: Network[];

  constructor(
    allowedNetworks: readonly string[],
    readonly resolve: Resolve = resolveWithDns,
  ) {
    this.networks = allowedNetworks.map((entry) => parseNetwork(entry)!);
  }

  /** Why `address:port` may not be called, or undefined when it may. */
  refusal(address: string, port: number): string | undefined {
    if (!isSpecialAddress(address) || inNetworks(address, port, this.networks)) return undefined;
    return `${address} is a loopback, private or reserved address, not listed in TIMELINE_WEBHOOK_ALLOWED_NETWORKS`;
  }

  /**
   * The addresses to connect to for `url`, all of them allowed; otherwise why not. A name that does
   * not resolve is `unresolved` (it may later), which registration accepts and delivery does not.
   */
  async addresses(url: URL): Promise<{ addresses: LookupAddress[] } | { refused: string } | { unresolved: string }> {
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    let addresses: LookupAddress[];
    if (isIP(hostname)) addresses = [{ address: hostname, family: isIP(hostname) }];
    else {
      try {
        addresses = await this.resolve(hostname);
      } catch (error) {
        return { unresolved: `${hostname} does not resolve (${(error as Error).message})` };
      }
    }
    for (const { address } of addresses) {
      const refusal = this.refusal(address, port);
      if (refusal) return { refused: `${hostname === address ? '' : `${hostname} resolves to `}${refusal}` };
    }
    return addresses.length > 0 ? { addresses } : { unresolved: `${hostname} has no address` };
  }
}
