/**
 * Routes the OpenTelemetry SDK's own diagnostics (a failed OTLP push, a collection error)
 * to vmsoak's pino logger; without a diag logger the SDK drops them silently. The diag API
 * is process-global, so the last daemon started in a process owns it.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { Logger } from 'pino';

export function routeOtelDiagnostics(logger: Logger): void {
  const child = logger.child({ component: 'opentelemetry' });
  const log = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') => (message: string, ...args: unknown[]) => {
    child[level](args.length > 0 ? { details: args.map(String) } : {}, message);
  };
  const bridge: DiagLogger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('trace') };
  diag.setLogger(bridge, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}
