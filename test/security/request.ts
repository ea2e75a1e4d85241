/**
 * A real HTTP(S) client for the security tests: node's own http/https, one connection per
 * request (no agent), with the CA to trust, a client certificate and basic-auth credentials
 * as options. fetch() cannot take a CA or a client certificate.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SecureVersion } from 'node:tls';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  /** PEM of the CA that signed the server certificate. */
  ca?: string;
  /** PEM client certificate and key. */
  cert?: string;
  key?: string;
  /** "user:password" for basic auth. */
  auth?: string;
  maxVersion?: SecureVersion;
  headers?: Record<string, string>;
}

export function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, {
      method: options.method ?? 'GET', agent: false, auth: options.auth, headers: options.headers,
      ca: options.ca, cert: options.cert, key: options.key, maxVersion: options.maxVersion, servername: 'localhost',
    }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
