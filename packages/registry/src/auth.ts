import type { AuthChallenge } from './challenge';
import { isSafeUrl } from './endpoint';
import { RegistryAuthError, RegistryError } from './errors';

export interface Credentials {
  username?: string;
  password?: string;
}

/** Sends one HTTP request and counts it; the transport provides it. */
export type Send = (url: string, init: RequestInit) => Promise<{ response: Response; body: Buffer }>;

/**
 * The authorization state for one registry: the scheme it asked for and the
 * bearer tokens already obtained, one per set of scopes, so each scope costs
 * one token request per run.
 */
export class RegistryAuth {
  private challenge: AuthChallenge | undefined;
  private readonly tokens = new Map<string, string>();
  /** Scopes a 401 named beyond the ones we asked for, per request scope set. */
  private readonly extraScopes = new Map<string, string>();

  constructor(
    private readonly registry: string,
    private readonly credentials: Credentials,
    private readonly send: Send,
    private readonly onSecret: (value: string) => void,
  ) {}

  private get basic(): string | undefined {
    const { username, password } = this.credentials;
    if (!username && !password) return undefined;
    return `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
  }

  /** The Authorization header for a request needing `scopes`, if the registry has asked for one. */
  async header(scopes: readonly string[]): Promise<string | undefined> {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') return this.basic;
    const key = scopes.join(' ');
    let token = this.tokens.get(key);
    if (!token) {
      token = await this.fetchToken(challenge, scopes);
      this.tokens.set(key, token);
    }
    return `Bearer ${token}`;
  }

  /**
   * Takes in a 401's challenge. Returns false when there is nothing new to
   * try (no usable challenge, or Basic auth without credentials), so the
   * caller reports the refusal instead of looping.
   */
  accept(parsed: AuthChallenge | undefined, scopes: readonly string[]): boolean {
    if (!parsed) return false;
    if (parsed.scheme === 'basic' && !this.basic) return false;
    const before = this.challenge;
    this.challenge = parsed;
    const key = scopes.join(' ');
    this.tokens.delete(key);
    if (parsed.scheme === 'bearer' && parsed.scope) this.extraScopes.set(key, parsed.scope);
    // A repeated Basic challenge means the credentials were already refused.
    return !(before?.scheme === 'basic' && parsed.scheme === 'basic');
  }

  private async fetchToken(
    challenge: Extract<AuthChallenge, { scheme: 'bearer' }>,
    scopes: readonly string[],
  ): Promise<string> {
    let url: URL;
    try {
      url = new URL(challenge.realm);
    } catch {
      throw new RegistryError(`Registry ${this.registry} sent an unusable token realm "${challenge.realm}"`);
    }
    if (!isSafeUrl(url)) {
      throw new RegistryError(
        `Registry ${this.registry} asked for credentials at ${url.origin}, which is not HTTPS; refusing to send them`,
      );
    }
    if (challenge.service) url.searchParams.set('service', challenge.service);
    const wanted = new Set(scopes);
    for (const scope of this.extraScopes.get(scopes.join(' '))?.split(' ') ?? []) wanted.add(scope);
    for (const scope of wanted) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.basic) headers.Authorization = this.basic;
    const { response, body } = await this.send(url.toString(), { method: 'GET', headers });
    if (response.status === 401 || response.status === 403) {
      throw new RegistryAuthError(this.registry, response.status, 'the token endpoint refused the credentials');
    }
    if (!response.ok) {
      throw new RegistryError(`Registry ${this.registry} token endpoint answered ${response.status}`, response.status);
    }
    let token: unknown;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = parsed.token ?? parsed.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new RegistryError(`Registry ${this.registry} token endpoint sent no token`);
    }
    this.onSecret(token);
    return token;
  }
}
