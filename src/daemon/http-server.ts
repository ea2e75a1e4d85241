/**
 * The daemon's HTTP endpoints on plain node:http: a handful of GET routes need no framework.
 * Health and readiness answer like Prometheus's own (`/-/healthy`, `/-/ready`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

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

/** Routes by exact path; unknown paths 404, other methods than GET and HEAD 405. */
export function createHttpServer(routes: ReadonlyMap<string, Route>, logger: Logger): Server {
  const server = createServer((request, response) => {
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      send(request, response, textReply(400, 'Bad request.'));
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
    Promise.resolve()
      .then(() => route(request, response))
      .then((reply) => {
        if (reply !== undefined) send(request, response, reply);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, path: pathname }, 'HTTP handler failed');
        if (!response.headersSent) send(request, response, textReply(500, 'Internal server error.'));
        else response.destroy();
      });
  });
  // Slow or stuck clients must not hold sockets forever; a scrape renders in milliseconds.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
