// How an address and port are written for people and text formats. Free of data imports (the port
// catalogue), so tools that load TypeScript without JSON import attributes (the lab runner) can use it.
import type { Endpoint } from '../model';

/** "127.0.0.1:8080", "[::1]:8080", "10.0.0.1" when the port is unknown or zero. */
export function formatEndpoint(address: string, port?: number): string {
  if (port === undefined || port === 0) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** An alert's source or destination as formatEndpoint writes it, or undefined when there is none. */
export function endpointLabel(endpoint: Endpoint | undefined): string | undefined {
  return endpoint ? formatEndpoint(endpoint.address, endpoint.port) : undefined;
}
