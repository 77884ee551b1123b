/** Registry clients for tests that call core modules directly instead of through the handler table. */
import { Authenticator } from '../../electron/core/registry/auth';
import { RegistryClient } from '../../electron/core/registry/client';
import { registryEndpointHost, type Reference } from '../../electron/core/registry/reference';
import type { Transport } from '../../electron/core/registry/transport';

/** A clientFor as the core builds it: one anonymous client per registry, over `transport`. */
export function clientsOver(transport: Transport): (reference: Reference) => RegistryClient {
  const clients = new Map<string, RegistryClient>();
  return (reference) => {
    const host = registryEndpointHost(reference);
    if (!clients.has(host)) clients.set(host, new RegistryClient(host, { transport, authenticator: new Authenticator() }));
    return clients.get(host)!;
  };
}
