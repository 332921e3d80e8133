// How an address and port are written for people and text formats, everywhere.

/** "127.0.0.1:8080", "[::1]:8080", "10.0.0.1" when the port is unknown or zero. */
export function formatEndpoint(address: string, port?: number): string {
  if (port === undefined || port === 0) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
