/**
 * The web config's tls_server_config as Node TLS server options, plus the client-certificate
 * policies OpenSSL has no switch for. Go's RequireAndVerifyClientCert maps onto OpenSSL's
 * own verification (requestCert + rejectUnauthorized); RequireAnyClientCert,
 * VerifyClientCertIfGiven and client_allowed_sans are checked here on the finished
 * handshake, and per request when the probes are exempt (see web-security.ts).
 */
import { isIPv6 } from 'node:net';
import type { SecureContextOptions, TLSSocket, TlsOptions } from 'node:tls';
import { CIPHER_SUITES, CURVES, TLS_VERSIONS } from './tls-names.ts';
import { VERIFYING_CLIENT_AUTH, type TlsServerSettings } from './web-config.ts';

/** OpenSSL's TLS 1.3 suites, kept when cipher_suites narrows TLS 1.2: Go leaves TLS 1.3 alone too. */
const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

export interface TlsServerOptionsInput {
  /** A client that connects and never finishes its handshake is cut off after this. */
  handshakeTimeoutMs: number;
  /**
   * Let every client finish the handshake and check its certificate per request instead,
   * so that routes exempt from authentication (kubelet probes) answer clients without one.
   */
  deferClientCertCheck: boolean;
}

/** The part a running server can swap (server.setSecureContext) when certificates rotate. */
export function tlsContextOptions(settings: TlsServerSettings): SecureContextOptions {
  return {
    cert: settings.cert,
    key: settings.key,
    ca: settings.clientCa,
    minVersion: TLS_VERSIONS[settings.minVersion].node,
    maxVersion: TLS_VERSIONS[settings.maxVersion].node,
    ciphers: settings.cipherSuites === undefined ? undefined
      : [...TLS13_SUITES, ...settings.cipherSuites.map((name) => CIPHER_SUITES[name])].join(':'),
    honorCipherOrder: settings.preferServerCipherSuites,
    ecdhCurve: settings.curvePreferences?.map((name) => CURVES[name]).join(':'),
  };
}

export function tlsServerOptions(settings: TlsServerSettings, input: TlsServerOptionsInput): TlsOptions {
  return {
    ...tlsContextOptions(settings),
    requestCert: settings.clientAuthType !== 'NoClientCert',
    rejectUnauthorized: settings.clientAuthType === 'RequireAndVerifyClientCert' && !input.deferClientCertCheck,
    handshakeTimeout: input.handshakeTimeoutMs,
  };
}

const SAN_ENTRY = /(DNS|IP Address|URI|email):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;

function canonical(value: string): string {
  // Node prints IPv6 SANs compressed; an operator may write them either way.
  return isIPv6(value) ? new URL(`http://[${value}]`).hostname.slice(1, -1) : value;
}

/** The DNS, IP, URI and e-mail SANs of a certificate as Node prints them ("DNS:a, IP Address:1.2.3.4"). */
export function subjectAltNames(printed: string | undefined): string[] {
  if (printed === undefined) return [];
  // Node JSON-quotes a value holding a comma or a quote, so a SAN cannot smuggle in a second entry.
  return [...printed.matchAll(SAN_ENTRY)].map((match) => canonical(match[2].startsWith('"') ? JSON.parse(match[2]) as string : match[2]));
}

/** Why this TLS client may not proceed under the configured policy, or null when it may. */
export function clientCertProblem(socket: TLSSocket, settings: TlsServerSettings): string | null {
  const type = settings.clientAuthType;
  if (type === 'NoClientCert' || type === 'RequestClientCert') return null;
  const cert = socket.getPeerCertificate();
  const given = Object.keys(cert).length > 0;
  if (!given) return type === 'VerifyClientCertIfGiven' ? null : 'a client certificate is required';
  if (VERIFYING_CLIENT_AUTH.has(type) && !socket.authorized) {
    return `the client certificate is not trusted (${String(socket.authorizationError)})`;
  }
  if (settings.clientAllowedSans !== undefined) {
    const allowed = new Set(settings.clientAllowedSans.map(canonical));
    if (!subjectAltNames(cert.subjectaltname).some((san) => allowed.has(san))) {
      return 'no subject alternative name of the client certificate is in client_allowed_sans';
    }
  }
  return null;
}
