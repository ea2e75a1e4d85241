/**
 * The daemon's HTTP endpoints on plain node:http: a handful of GET routes need no framework.
 * Health and readiness answer like Prometheus's own (`/-/healthy`, `/-/ready`). TLS and
 * authentication come from the web config (web-security.ts); bad requests are refused
 * before any route runs (see docs/security.md).
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from './http-error.ts';
import type { WebSecurity } from './web-security.ts';

export interface Reply {
  status?: number;
  contentType: string;
  body: string;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Most routes build a Reply. A route that is a library's own request handler (the OTel
 * Prometheus exporter's) writes to `response` itself and returns undefined.
 */
export type Route = (request: IncomingMessage, response: ServerResponse) => Reply | undefined | Promise<Reply | undefined>;

const ALLOWED_METHODS = 'GET, HEAD';

const TEXT = 'text/plain; charset=utf-8';

export function textReply(status: number, body: string): Reply {
  return { status, contentType: TEXT, body: `${body}\n` };
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status ?? 200, {
    'Content-Type': reply.contentType,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...reply.headers,
  });
  // node:http drops the body of a HEAD response by itself; the headers stay those of GET.
  response.end(request.method === 'HEAD' ? undefined : body);
}

export interface HttpTimeouts {
  /** The request head must arrive within this; it bounds slow-loris clients and TLS handshakes. */
  headersMs: number;
  /** The whole request must arrive within this. */
  requestMs: number;
  /** How often node:http looks for connections past those limits (its default, 30 s, would triple them). */
  checkIntervalMs: number;
}

/** Slow or stuck clients must not hold sockets for long; a scrape renders in milliseconds. */
export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = { headersMs: 10_000, requestMs: 30_000, checkIntervalMs: 1_000 };

/** A larger request head is answered 431 by node:http itself. */
const MAX_HEADER_BYTES = 16 * 1024;

export interface HttpServerOptions {
  /** TLS, basic auth, rate limit and extra headers from the web config; plain HTTP without. */
  security?: WebSecurity;
  /** Tests shorten them. */
  timeouts?: Partial<HttpTimeouts>;
}

/** No route reads a request body. */
function hasBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * Routes by exact path. Unknown paths 404, other methods than GET and HEAD 405, a GET with
 * a body 413, a URL that does not parse 400; the web config's checks come before all of
 * these, so that a stranger learns nothing.
 */
export function createHttpServer(routes: ReadonlyMap<string, Route>, logger: Logger, options: HttpServerOptions = {}): Server {
  const { security } = options;
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(security?.headers ?? {})) response.setHeader(name, value);
    // An unread body would otherwise be drained to keep the connection alive; closing is cheaper.
    if (hasBody(request)) response.setHeader('Connection', 'close');
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      send(request, response, textReply(400, 'Bad request.'));
      return;
    }
    const refusal = await security?.admit(request, pathname);
    if (refusal) {
      send(request, response, refusal);
      return;
    }
    const route = routes.get(pathname);
    if (route === undefined) {
      send(request, response, textReply(404, 'Not found.'));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(request, response, { ...textReply(405, 'Method not allowed.'), headers: { Allow: ALLOWED_METHODS } });
      return;
    }
    if (hasBody(request)) {
      send(request, response, textReply(413, 'GET and HEAD requests take no body.'));
      return;
    }
    try {
      const reply = await route(request, response);
      if (reply !== undefined) send(request, response, reply);
    } catch (error) {
      if (error instanceof HttpError) {
        send(request, response, textReply(error.status, error.message));
        return;
      }
      logger.error({ err: error, path: pathname }, 'HTTP handler failed');
      if (!response.headersSent) send(request, response, textReply(500, 'Internal server error.'));
      else response.destroy();
    }
  }

  const serverOptions: ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
    maxHeaderSize: MAX_HEADER_BYTES,
  };
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'HTTP request failed');
      response.destroy();
    });
  };
  return security === undefined ? createServer(serverOptions, listener) : security.createServer(serverOptions, listener);
}
