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

/** 0.0.0.0 and :: (IPv4-mapped too): bound to every interface, and no address a browser can open. */
function isUnspecified(host: string): boolean {
  if (isIP(host) === 4) return host === '0.0.0.0';
  if (isIP(host) !== 6) return false;
  // The URL parser writes an IPv6 address in its shortest form: 0:0:0:0:0:0:0:0 becomes ::.
  const normal = new URL(`http://[${host}]/`).hostname;
  return normal === '[::]' || normal === '[::ffff:0:0]';
}

/**
 * The URL to print for a bound server: one that works when pasted into a browser on the
 * same machine. A server bound to every interface (0.0.0.0 or ::) answers on localhost;
 * any other address is printed as it is.
 */
export function reachableUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  return baseUrl(isUnspecified(host) ? 'localhost' : host, port, scheme);
}
