/**
 * The daemon's HTTP server (createHttpServer) with a web config and three small routes,
 * on 127.0.0.1:0: enough to try each TLS and auth setting with real clients in a few
 * milliseconds, without a daemon behind it.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { createHttpServer, textReply, type HttpTimeouts, type Route } from '../../src/daemon/http-server.ts';
import { loadWebConfig } from '../../src/daemon/web-config.ts';
import { webSecurity } from '../../src/daemon/web-security.ts';

export const ROUTES = new Map<string, Route>([
  ['/metrics', () => textReply(200, 'vmsoak_up 1')],
  ['/-/healthy', () => textReply(200, 'vmsoak is Healthy.')],
  ['/-/ready', () => textReply(200, 'vmsoak is Ready.')],
]);

export interface SecuredServer {
  /** Base URL, https:// when the web config has tls_server_config. */
  url: string;
  port: number;
  /** The web config file, for tests that change it under the running server. */
  file: string;
  close(): Promise<void>;
}

let counter = 0;

export interface SecuredOptions {
  exemptProbes?: boolean;
  timeouts?: Partial<HttpTimeouts>;
  reloadIntervalMs?: number;
  logger?: Logger;
}

export async function startSecured(dir: string, webConfigYaml: string, options: SecuredOptions = {}): Promise<SecuredServer> {
  const file = path.join(dir, `web-${process.pid}-${counter++}.yml`);
  writeFileSync(file, webConfigYaml);
  const logger = options.logger ?? pino({ level: 'silent' });
  const security = webSecurity(loadWebConfig(file), { exemptProbes: options.exemptProbes ?? false, logger, reloadIntervalMs: options.reloadIntervalMs ?? 0 });
  const server = createHttpServer(ROUTES, logger, { security, timeouts: options.timeouts });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${security.scheme}://127.0.0.1:${port}`,
    port,
    file,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
