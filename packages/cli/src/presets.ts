import type { Placement, SignatureMethod } from '@oauthkit/core'
import { CliError } from './cli-error.ts'
import { cliVersion } from './version.ts'

/**
 * A provider preset: endpoints and the quirks the provider needs.
 *
 * @example
 * ```ts
 * import { PRESETS, type Preset } from '@oauthkit/cli'
 *
 * const x: Preset | undefined = PRESETS.x
 * console.assert(x?.signatureMethod === 'HMAC-SHA1' && x.placement === 'header')
 * ```
 */
export interface Preset {
  /** The preset's name on the command line. */
  name: string
  /** What it is. */
  title: string
  /** The request-token endpoint (RFC 5849 2.1), when the provider runs the three-legged flow. */
  requestTokenUrl?: string
  /** The resource-owner authorization endpoint (2.2). */
  authorizeUrl?: string
  /** The token endpoint (2.3). */
  accessTokenUrl?: string
  /** The signature method the provider expects. */
  signatureMethod: SignatureMethod
  /** Where the provider wants the parameters. */
  placement: Placement
  /**
   * Whether a realm is needed, and what it is: `'account-id'`, an account id written in upper case
   * with `_` for `-` (NetSuite: `1234567-sb1` signs as `1234567_SB1`), whatever command it is given to.
   */
  realm?: 'account-id'
  /**
   * How `login`'s token requests go when not as RFC 5849 prefers (a POST, the parameters in the
   * `Authorization` header): Flickr documents GETs with the parameters in the query.
   */
  tokenRequests?: { method: 'GET' | 'POST'; placement: Placement }
  /** `false`: the request-token answer has no `oauth_callback_confirmed=true` (Garmin). */
  callbackConfirmed?: false
  /**
   * Where the provider takes the callback of the three-legged flow: `'authorization-url'` when it
   * ignores the `oauth_callback` of the request-token step and takes an `oauth_callback` parameter of
   * the authorization URL instead (Garmin).
   */
  callbackIn?: 'authorization-url'
  /** The `oauth_verifier` the provider sends back when the user denied access (Garmin: `NULL`). */
  deniedVerifier?: string
  /** `false`: `oauth_version` is left out of every request (WooCommerce asks for it). */
  version?: false
  /**
   * `'required'`: every request, the token requests of `login` included, needs a `User-Agent` that
   * names the application (Discogs); `oauthkit/VERSION` is sent unless `-H 'User-Agent: …'` gives one.
   */
  userAgent?: 'required'
  /** What users trip over, shown by `oauthkit login --preset NAME --help` and in the docs. */
  notes: string
}

/**
 * The built-in provider presets, with their real quirks.
 *
 * @example
 * ```ts
 * import { PRESETS } from '@oauthkit/cli'
 *
 * console.assert(PRESETS.woocommerce?.placement === 'query')
 * ```
 */
export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  generic: {
    name: 'generic',
    title: 'Any OAuth 1.0a provider',
    signatureMethod: 'HMAC-SHA1',
    placement: 'header',
    notes: 'Give the three endpoints with --request-token-url, --authorize-url and --access-token-url.',
  },
  x: {
    name: 'x',
    title: 'X (Twitter) API v1.1 / v2 user context',
    requestTokenUrl: 'https://api.x.com/oauth/request_token',
    authorizeUrl: 'https://api.x.com/oauth/authorize',
    accessTokenUrl: 'https://api.x.com/oauth/access_token',
    signatureMethod: 'HMAC-SHA1',
    placement: 'header',
    notes:
      'HMAC-SHA1 in the Authorization header only. The callback must be registered in the developer portal (http://127.0.0.1:PORT/callback works once registered), or use --oob for the PIN flow.',
  },
  netsuite: {
    name: 'netsuite',
    title: 'NetSuite token-based authentication (TBA)',
    signatureMethod: 'HMAC-SHA256',
    placement: 'header',
    realm: 'account-id',
    notes:
      'HMAC-SHA256, and realm = the account id in upper case with "_" for "-" (e.g. 1234567_SB1). Tokens are created in NetSuite (Access Tokens page): pass them with --token/--token-secret; there is no three-legged flow here.',
  },
  jira: {
    name: 'jira',
    title: 'Jira / Atlassian (application links, OAuth 1.0a)',
    signatureMethod: 'RSA-SHA1',
    placement: 'header',
    notes:
      'RSA-SHA1 with the private key whose public key is registered in the application link (--private-key FILE, PKCS#8 or PKCS#1 PEM); the consumer secret is unused. Endpoints are under https://YOUR-SITE/plugins/servlet/oauth/{request-token,authorize,access-token}.',
  },
  woocommerce: {
    name: 'woocommerce',
    title: 'WooCommerce REST API over plain HTTP',
    signatureMethod: 'HMAC-SHA256',
    placement: 'query',
    version: false,
    notes:
      'One-legged: consumer key and secret only, parameters in the query string (HMAC-SHA256), without oauth_version. Over HTTPS WooCommerce uses Basic authentication instead.',
  },
  discogs: {
    name: 'discogs',
    title: 'Discogs',
    requestTokenUrl: 'https://api.discogs.com/oauth/request_token',
    authorizeUrl: 'https://www.discogs.com/oauth/authorize',
    accessTokenUrl: 'https://api.discogs.com/oauth/access_token',
    signatureMethod: 'PLAINTEXT',
    placement: 'header',
    userAgent: 'required',
    notes:
      'PLAINTEXT over HTTPS only. Every request needs a User-Agent, the token requests of login included: oauthkit/VERSION unless -H "User-Agent: MyApp/1.0" names your application.',
  },
  trello: {
    name: 'trello',
    title: 'Trello',
    requestTokenUrl: 'https://trello.com/1/OAuthGetRequestToken',
    authorizeUrl: 'https://trello.com/1/OAuthAuthorizeToken',
    accessTokenUrl: 'https://trello.com/1/OAuthGetAccessToken',
    signatureMethod: 'HMAC-SHA1',
    placement: 'header',
    notes: 'Add scope and expiration to the authorization URL with --authorize-param scope=read,write --authorize-param expiration=never.',
  },
  garmin: {
    name: 'garmin',
    title: 'Garmin Connect (Health / Activity API)',
    requestTokenUrl: 'https://connectapi.garmin.com/oauth-service/oauth/request_token',
    authorizeUrl: 'https://connect.garmin.com/oauthConfirm',
    accessTokenUrl: 'https://connectapi.garmin.com/oauth-service/oauth/access_token',
    signatureMethod: 'HMAC-SHA1',
    placement: 'header',
    callbackConfirmed: false,
    callbackIn: 'authorization-url',
    deniedVerifier: 'NULL',
    notes:
      'Partner credentials are required. HMAC-SHA1 in the header; the request-token answer has no oauth_callback_confirmed, and the callback goes to the authorization URL as oauth_callback (login does both).',
  },
  flickr: {
    name: 'flickr',
    title: 'Flickr',
    requestTokenUrl: 'https://www.flickr.com/services/oauth/request_token',
    authorizeUrl: 'https://www.flickr.com/services/oauth/authorize',
    accessTokenUrl: 'https://www.flickr.com/services/oauth/access_token',
    signatureMethod: 'HMAC-SHA1',
    placement: 'query',
    tokenRequests: { method: 'GET', placement: 'query' },
    notes:
      'Flickr documents the parameters in the query string, the token requests (GETs) included; add perms to the authorization URL (--authorize-param perms=read).',
  },
} satisfies Record<string, Preset>)

const ALIASES: Readonly<Record<string, string>> = { twitter: 'x', atlassian: 'jira' }

/** @internal The preset of `--preset NAME` (or an alias), or a usage error listing the presets. */
export function presetFlag(name: string): Preset
export function presetFlag(name: string | undefined): Preset | undefined
export function presetFlag(name: string | undefined): Preset | undefined {
  if (name === undefined) return undefined
  const preset = PRESETS[ALIASES[name] ?? name]
  if (preset === undefined) throw new CliError(`--preset: unknown preset "${name}"; known presets: ${Object.keys(PRESETS).join(', ')}`, 2)
  return preset
}

/** @internal The realm as the preset wants it: NetSuite's account id in upper case, `_` for `-` (1234567-sb1 → 1234567_SB1). */
export function presetRealm(preset: Preset | undefined, realm: string | undefined): string | undefined {
  return realm !== undefined && preset?.realm === 'account-id' ? realm.toUpperCase().replaceAll('-', '_') : realm
}

/** @internal Adds the headers the preset needs on every request to those that lack them: Discogs' User-Agent. */
export function addPresetHeaders(preset: Preset | undefined, headers: Headers): Headers {
  if (preset?.userAgent === 'required' && !headers.has('user-agent')) headers.set('user-agent', `oauthkit/${cliVersion()}`)
  return headers
}
