/**
 * What the web config changes about the HTTP server: TLS (https instead of http), the
 * client-certificate policy, basic auth, the rate limit and extra response headers. It
 * applies to every route, unknown paths included, so that an unauthenticated client learns
 * nothing, not even which paths exist. With `exemptProbes`, /-/healthy and /-/ready answer
 * without credentials or client certificate, for kubelet probes, which can do neither.
 *
 * Certificates are rotated under a running daemon (cert-manager, a renewed Secret), so the
 * web config file and the files it names are watched: on a change they are read again and
 * the new certificates, users, headers and rate limit apply to new connections and
 * requests. A reload that fails validation is logged and the previous config stays. Turning
 * TLS on or off, or changing client_auth_type, needs a restart.
 */
import { statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { BasicAuth } from './basic-auth.ts';
import { textReply, type Reply } from './http-server.ts';
import { TokenBucket } from './rate-limit.ts';
import { clientCertProblem, tlsContextOptions, tlsServerOptions } from './tls-server.ts';
import { loadWebConfig, type WebConfig } from './web-config.ts';

/** The routes a kubelet probes; Prometheus's own health and readiness paths. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/-/healthy', '/-/ready']);

/** How often the watched files are stat()ed: a few syscalls, and a rotated certificate is live within seconds. */
export const DEFAULT_RELOAD_INTERVAL_MS = 10_000;

export interface WebSecurityOptions {
  /** Serve /-/healthy and /-/ready without basic auth or client certificate. */
  exemptProbes: boolean;
  logger: Logger;
  /** 0 turns reloading off; tests shorten it. */
  reloadIntervalMs?: number;
}

export interface WebSecurity {
  scheme: 'http' | 'https';
  /** Response headers from http_server_config.headers, as of the last reload. */
  readonly headers: Readonly<Record<string, string>>;
  /** A client must finish the TLS handshake within the options' headersTimeout. */
  createServer(options: ServerOptions, listener: RequestListener): Server;
  /** A refusal (401, 403, 429) for this request, or null to let it through. */
  admit(request: IncomingMessage, pathname: string): Promise<Reply | null>;
}

const UNAUTHORIZED: Reply = { ...textReply(401, 'Unauthorized.'), headers: { 'WWW-Authenticate': 'Basic realm="vmsoak", charset="UTF-8"' } };
const TOO_MANY: Reply = textReply(429, 'Too many requests.');
/** The TLS session stays usable for other paths, but this client has no business here: close it. */
const forbidden = (why: string): Reply => ({ ...textReply(403, `Forbidden: ${why}.`), headers: { Connection: 'close' } });

/** What the checks of one config version need. */
interface Active {
  config: WebConfig;
  auth: BasicAuth;
  bucket: TokenBucket | null;
}

function activate(config: WebConfig): Active {
  const { rateLimit } = config;
  return { config, auth: new BasicAuth(config.basicAuthUsers), bucket: rateLimit === undefined ? null : new TokenBucket(rateLimit.intervalMs, rateLimit.burst) };
}

/** Changes of the files as stat() sees them; Kubernetes swaps a Secret's files by symlink, which stat() follows. */
function fingerprint(files: readonly string[]): string {
  return files.map((file) => {
    try {
      const stat = statSync(file);
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }).join('|');
}

export function webSecurity(initial: WebConfig, options: WebSecurityOptions): WebSecurity {
  const { logger, exemptProbes } = options;
  let active = activate(initial);
  const clientAuthType = initial.tls?.clientAuthType ?? 'NoClientCert';
  const checksClientCert = clientAuthType !== 'NoClientCert' && clientAuthType !== 'RequestClientCert';
  if (initial.tls === undefined && active.auth.enabled) {
    logger.warn({ webConfigFile: initial.file }, 'basic auth without tls_server_config: passwords cross the network in clear text');
  }

  function reload(server: Server): void {
    let next: WebConfig;
    try {
      next = loadWebConfig(initial.file);
    } catch (error) {
      logger.error({ problem: (error as Error).message }, 'web config reload failed; keeping the previous web config');
      return;
    }
    if ((next.tls === undefined) !== (initial.tls === undefined) || (next.tls?.clientAuthType ?? 'NoClientCert') !== clientAuthType) {
      logger.error({ webConfigFile: next.file }, 'web config changed TLS on/off or client_auth_type: restart vmsoak to apply; keeping the previous web config');
      return;
    }
    if (next.tls !== undefined) {
      (server as unknown as HttpsServer).setSecureContext(tlsContextOptions(next.tls));
    }
    active = activate(next);
    logger.info({ webConfigFile: next.file }, 'web config reloaded');
  }

  function watch(server: Server, intervalMs: number): void {
    let seen = fingerprint(active.config.watchedFiles);
    const timer = setInterval(() => {
      const now = fingerprint(active.config.watchedFiles);
      if (now === seen) return;
      seen = now;
      reload(server);
      // The reloaded config may name other files.
      seen = fingerprint(active.config.watchedFiles);
    }, intervalMs);
    timer.unref();
    server.once('close', () => clearInterval(timer));
  }

  return {
    scheme: initial.tls === undefined ? 'http' : 'https',
    get headers() {
      return active.config.headers;
    },
    createServer(serverOptions, listener) {
      const tls = initial.tls;
      const server = tls === undefined ? createHttpServer(serverOptions, listener) : createHttpsServer({
        ...serverOptions,
        ...tlsServerOptions(tls, { handshakeTimeoutMs: serverOptions.headersTimeout ?? 10_000, deferClientCertCheck: exemptProbes }),
      }, listener);
      if (checksClientCert && !exemptProbes) {
        // Policies OpenSSL cannot enforce itself end the connection right after the handshake, as Go's would.
        server.on('secureConnection', (socket: TLSSocket) => {
          const problem = clientCertProblem(socket, active.config.tls!);
          if (problem !== null) {
            logger.warn({ remote: socket.remoteAddress, problem }, 'TLS client refused');
            socket.destroy();
          }
        });
      }
      const intervalMs = options.reloadIntervalMs ?? DEFAULT_RELOAD_INTERVAL_MS;
      if (intervalMs > 0) watch(server, intervalMs);
      return server;
    },
    async admit(request, pathname) {
      if (exemptProbes && PROBE_PATHS.has(pathname)) return null;
      const { config, auth, bucket } = active;
      if (bucket !== null && !bucket.take()) return TOO_MANY;
      if (checksClientCert) {
        const problem = clientCertProblem(request.socket as TLSSocket, config.tls!);
        if (problem !== null) return forbidden(problem);
      }
      if (auth.enabled && !(await auth.verify(request.headers.authorization))) return UNAUTHORIZED;
      return null;
    },
  };
}
