/**
 * HTTP basic authentication against the web config's bcrypt hashes, as exporter-toolkit
 * does it: an unknown user costs the same bcrypt comparison as a known one (no user
 * enumeration by timing), and verdicts are cached, so that a scrape every few seconds does
 * not pay ~100 ms of bcrypt each time. The cache is keyed by a SHA-256 of user, password
 * and hash: no password is kept in memory, and a changed hash never reuses an old verdict.
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** Bounds the cache: a client trying passwords must not grow it without end. */
const CACHE_ENTRIES = 256;

/**
 * Compared against when the user is unknown, so that answer takes as long as a wrong
 * password. Cost 10 like htpasswd's default; a literal, so importing costs no bcrypt run.
 */
const DUMMY_HASH = '$2b$10$fQ4p0sKMhG2sC0QdKzk/zuN9sDBQKJTBg9woslDYZHDY16mrEDJbC';

export interface Credentials {
  user: string;
  password: string;
}

/** The user and password of an `Authorization: Basic ...` header, or null when there is none or it is malformed. */
export function basicCredentials(header: string | undefined): Credentials | null {
  const match = header === undefined ? null : /^basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (match === null) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuth {
  readonly #users: ReadonlyMap<string, string>;
  readonly #verdicts = new Map<string, Promise<boolean>>();

  /** `users` maps user names to bcrypt hashes ($2a$, $2b$ or $2y$). */
  constructor(users: Readonly<Record<string, string>>) {
    this.#users = new Map(Object.entries(users));
  }

  get enabled(): boolean {
    return this.#users.size > 0;
  }

  /** True when the header carries a configured user and that user's password. */
  verify(authorization: string | undefined): Promise<boolean> {
    const credentials = basicCredentials(authorization);
    if (credentials === null) return Promise.resolve(false);
    const hash = this.#users.get(credentials.user);
    const key = createHash('sha256').update(`${credentials.user}\0${credentials.password}\0${hash ?? ''}`).digest('base64');
    let verdict = this.#verdicts.get(key);
    if (verdict === undefined) {
      // A promise, not a boolean: concurrent requests with the same credentials share one bcrypt run.
      verdict = bcrypt.compare(credentials.password, hash ?? DUMMY_HASH).then((same) => same && hash !== undefined, () => false);
      if (this.#verdicts.size >= CACHE_ENTRIES) this.#verdicts.delete(this.#verdicts.keys().next().value as string);
      this.#verdicts.set(key, verdict);
    }
    return verdict;
  }
}
