/** Where the HTTP server binds (config `listen`, parsed by config/listen.ts) and the URLs to print. */
import { isIP } from 'node:net';
import { parseListen } from '../config/listen.ts';
import { UsageError } from '../errors.ts';

export interface BindAddress {
  host: string;
  port: number;
}

export function bindAddress(listen: string): BindAddress {
  const parsed = parseListen(listen);
  if ('problem' in parsed) throw new UsageError(`listen: ${parsed.problem}`);
  return parsed;
}

/** The base URL of a bound server, with IPv6 literals in brackets; https when the web config sets up TLS. */
export function baseUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  return `${scheme}://${isIP(host) === 6 ? `[${host}]` : host}:${port}/`;
}
