import type { BearerPlacement, ClientAuthMethod, Placement, SignatureMethod, TokenSet } from '@oauthkit/core'

/**
 * A saved OAuth 1.0a profile: the consumer credentials, the tokens, and how to sign for one
 * provider. Profiles saved before OAuth 2 existed have no `kind` and are OAuth 1.0a profiles.
 *
 * @example
 * ```ts
 * import type { OAuth1Profile } from '@oauthkit/cli'
 *
 * const profile: OAuth1Profile = { consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret', preset: 'x' }
 * ```
 */
export interface OAuth1Profile {
  /** `'oauth1'`, or absent (profiles of earlier versions). */
  kind?: 'oauth1' | undefined
  consumerKey: string
  consumerSecret?: string | undefined
  token?: string | undefined
  tokenSecret?: string | undefined
  signatureMethod?: SignatureMethod | undefined
  /** For RSA: the path of the PEM private key (the key itself is not copied into the profile). */
  privateKeyFile?: string | undefined
  realm?: string | undefined
  placement?: Placement | undefined
  /** `false`: `oauth_version` is left out (`login --no-oauth-version`; the `woocommerce` preset leaves it out too). */
  version?: false | undefined
  /** `true`: the provider leaves out `oauth_callback_confirmed` (`login --allow-unconfirmed-callback`). */
  unconfirmedCallback?: true | undefined
  /** The preset it was made with. */
  preset?: string | undefined
  requestTokenUrl?: string | undefined
  authorizeUrl?: string | undefined
  accessTokenUrl?: string | undefined
  /** Extra fields of the access-token response (user_id, screen_name, …). */
  extra?: Record<string, string> | undefined
}

/**
 * A saved OAuth 2 profile: the client, its token endpoint, and the token as `@oauthkit/core` keeps
 * it (a `TokenSet`: `access_token`, `refresh_token`, `expires_at`, `scope`, …). `oauthkit request`
 * and `oauthkit sign` write a renewed token back into it.
 *
 * @example
 * ```ts
 * import type { OAuth2Profile } from '@oauthkit/cli'
 *
 * const profile: OAuth2Profile = {
 *   kind: 'oauth2',
 *   grant: 'client_credentials',
 *   clientId: 'reporting-job',
 *   clientSecret: 'secret',
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   scope: 'reports:read',
 *   token: { access_token: 'at', token_type: 'Bearer', expires_at: 1_700_003_600 },
 * }
 * ```
 */
export interface OAuth2Profile {
  kind: 'oauth2'
  /** How the token was obtained; `client_credentials` profiles run the grant again when the token expires. */
  grant: 'authorization_code' | 'client_credentials'
  clientId: string
  /** Absent for a public client. */
  clientSecret?: string | undefined
  /** How the client authenticates at the token endpoint (`client_secret_basic` with a secret by default). */
  clientAuth?: ClientAuthMethod | undefined
  /** The token endpoint. */
  tokenUrl: string
  /** The authorization endpoint of the authorization code grant. */
  authorizeUrl?: string | undefined
  /** The scope asked for (the granted scope is the token's `scope`). */
  scope?: string | undefined
  /** Where the token goes by default: `header` unless set. */
  placement?: BearerPlacement | undefined
  /** The current token. */
  token?: TokenSet | undefined
}

/**
 * A saved profile: OAuth 1.0a or OAuth 2 (`kind: 'oauth2'`). Saved in the user's config directory
 * with file mode 0600.
 *
 * @example
 * ```ts
 * import type { Profile } from '@oauthkit/cli'
 *
 * function describe(profile: Profile): string {
 *   return profile.kind === 'oauth2' ? `OAuth 2 client ${profile.clientId}` : `OAuth 1.0a consumer ${profile.consumerKey}`
 * }
 * ```
 */
export type Profile = OAuth1Profile | OAuth2Profile

/** @internal Whether a profile is an OAuth 2 profile. */
export function isOAuth2Profile(profile: Profile | undefined): profile is OAuth2Profile {
  return profile?.kind === 'oauth2'
}

/** A secret as shown: its ends when it is long enough to keep them apart, and its length. */
function mask(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 2)}…${value.slice(-2)} (${value.length} characters)` : `•••• (${value.length} characters)`
}

function masked<T extends object>(record: T, fields: readonly string[]): T {
  const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) }
  for (const field of fields) {
    const value = copy[field]
    if (typeof value === 'string' && value !== '') copy[field] = mask(value)
  }
  return copy as T
}

/**
 * A profile with its secrets masked — the consumer and token secrets of OAuth 1.0a; the client
 * secret, access, refresh and ID tokens of OAuth 2: the first and last characters of long values
 * stay, so that two secrets can be told apart, never enough to use one.
 *
 * @example
 * ```ts
 * import { maskProfile } from '@oauthkit/cli'
 *
 * console.assert(maskProfile({ consumerKey: 'k', consumerSecret: 'kd94hf93k423kf44' }).consumerSecret === 'kd…44 (16 characters)')
 * ```
 */
export function maskProfile<P extends Profile>(profile: P): P {
  if (!isOAuth2Profile(profile)) return masked(profile, ['consumerSecret', 'tokenSecret'])
  const out = masked(profile, ['clientSecret'])
  if (profile.token !== undefined) out.token = masked(profile.token, ['access_token', 'refresh_token', 'id_token'])
  return out
}
