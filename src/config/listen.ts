/** `listen` is "host:port": a host name, an IPv4 address or a bracketed IPv6 address. */

const LISTEN = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

export interface ListenAddress {
  host: string;
  port: number;
}

/** Returns the host (without IPv6 brackets) and port, or a description of the problem. */
export function parseListen(listen: string): ListenAddress | { problem: string } {
  const match = LISTEN.exec(listen);
  if (!match) return { problem: `must be host:port, e.g. 0.0.0.0:9650 or [::]:9650 (got "${listen}")` };
  const port = Number(match[3]);
  if (port > 65_535) return { problem: `port must be between 0 and 65535 (got ${port})` };
  return { host: match[1] ?? match[2], port };
}
