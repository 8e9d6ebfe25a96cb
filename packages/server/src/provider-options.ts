import type { Awaitable, NonceStore, SignatureMethod } from '@oauthkit/core'
import type { ConsumerRecord, ConsumerStore } from './consumer-store.ts'
import type { ProviderTokenStore } from './provider-token-store.ts'
import type { IdKind } from './random-id.ts'

/**
 * A request token waiting for the user's decision, as {@link OAuth1ProviderOptions.decide} sees it —
 * without its secret.
 *
 * @example
 * ```ts
 * import type { PendingAuthorization } from '@oauthkit/server'
 *
 * const describe = (pending: PendingAuthorization): string =>
 *   pending.callback === 'oob' ? 'you will be shown a code' : `you will return to ${new URL(pending.callback).host}`
 * ```
 */
export interface PendingAuthorization {
  /** `oauth_token`. */
  token: string
  /** The consumer that asked. */
  consumerKey: string
  /** `'oob'` or the absolute URL the user returns to. */
  callback: string
  /** When it was issued, in milliseconds. */
  issuedAt: number
  /** When it expires, in milliseconds. */
  expiresAt: number
}

/**
 * What {@link OAuth1ProviderOptions.decide} is given: the browser's request to the authorization
 * endpoint (with your session cookie, or the consent form it posts), the pending request token and
 * the consumer asking.
 *
 * @example
 * ```ts
 * import type { AuthorizeContext } from '@oauthkit/server'
 *
 * const consentTitle = ({ consumer }: AuthorizeContext): string => `Allow ${consumer.name ?? consumer.key} to use your account?`
 * ```
 */
export interface AuthorizeContext<Consumer extends ConsumerRecord = ConsumerRecord> {
  /** The request to the authorization endpoint (GET, or the POST of your consent form); its body is unread. */
  request: Request
  /** The request token being authorized. */
  requestToken: PendingAuthorization
  /** The consumer it was issued to. */
  consumer: Consumer
}

/**
 * The answer of {@link OAuth1ProviderOptions.decide}:
 * - `{ approve: true, user }`: the user granted access; the provider records the approval and sends
 *   the verifier (a 302 to the callback with `oauth_token` and `oauth_verifier`, or for `oob` the page
 *   of {@link OAuth1ProviderOptions.oobResponse});
 * - `{ deny: true }`: the user refused; the request token is used up and the consumer learns it (a 302
 *   to the callback with `denied` and `oauth_problem=user_refused`, or for `oob` a 403 problem
 *   response);
 * - a `Response`: not decided yet — your login page or consent form, sent as it is.
 *
 * Approve only the POST of your consent form: `{ approve: true }` on a GET is refused (403
 * `permission_denied`) unless {@link OAuth1ProviderOptions.allowApprovalOnGet} is set.
 *
 * @example
 * ```ts
 * import type { AuthorizeDecision } from '@oauthkit/server'
 *
 * function decision(form: URLSearchParams, userId: string): AuthorizeDecision<{ id: string }> {
 *   return form.get('allow') === 'yes' ? { approve: true, user: { id: userId } } : { deny: true }
 * }
 * ```
 */
export type AuthorizeDecision<User = unknown> = { approve: true; user: User } | { deny: true } | Response

/**
 * What {@link OAuth1ProviderOptions.xAuth} is given to check a password. The password is handed to
 * your function and then dropped: oauthkit never stores, logs or echoes it.
 *
 * @example
 * ```ts
 * import type { XAuthContext } from '@oauthkit/server'
 *
 * const canUseXAuth = ({ consumer }: XAuthContext): boolean => consumer.key === 'first-party-app'
 * ```
 */
export interface XAuthContext<Consumer extends ConsumerRecord = ConsumerRecord> {
  /** The signed access-token request. */
  request: Request
  /** The consumer asking (check here that it may use xAuth at all). */
  consumer: Consumer
  /** `x_auth_username`. */
  username: string
  /** `x_auth_password`. */
  password: string
}

/**
 * What {@link OAuth1ProviderOptions.accessTokenFields} is given to add fields to the access-token
 * response.
 *
 * @example
 * ```ts
 * import type { AccessTokenFieldsContext } from '@oauthkit/server'
 *
 * const fields = ({ user }: AccessTokenFieldsContext<{ id: string; name: string }>) => ({ user_id: user.id, screen_name: user.name })
 * ```
 */
export interface AccessTokenFieldsContext<User = unknown, Consumer extends ConsumerRecord = ConsumerRecord> {
  /** The user the new access token acts for. */
  user: User
  /** The consumer it is issued to. */
  consumer: Consumer
  /** The new access token (not its secret). */
  token: string
  /** How it was obtained. */
  grant: 'authorization' | 'xauth'
}

/**
 * What {@link OAuth1ProviderOptions.oobResponse} is given to show the verifier to the user.
 *
 * @example
 * ```ts
 * import type { OobContext } from '@oauthkit/server'
 *
 * const page = ({ verifier }: OobContext): Response => new Response(`Your code: ${verifier}`, { headers: { 'cache-control': 'no-store' } })
 * ```
 */
export interface OobContext<User = unknown, Consumer extends ConsumerRecord = ConsumerRecord> {
  /** The code the user types into the consumer (`oauth_verifier`). */
  verifier: string
  /** The request token it goes with. */
  requestToken: PendingAuthorization
  /** The consumer. */
  consumer: Consumer
  /** The user who approved. */
  user: User
  /** The request that approved. */
  request: Request
}

/**
 * What {@link OAuth1ProviderOptions.allowCallback} is given.
 *
 * @example
 * ```ts
 * import type { CallbackContext } from '@oauthkit/server'
 *
 * // The callbacks each consumer registered with you, compared whole.
 * const registered = new Map([['printer-app', ['https://printer.example.com/oauth/ready']]])
 * const isRegistered = ({ callback, consumer }: CallbackContext): boolean => registered.get(consumer.key)?.includes(callback.href) === true
 * ```
 */
export interface CallbackContext<Consumer extends ConsumerRecord = ConsumerRecord> {
  /** The parsed `oauth_callback` (never `oob`: that is always accepted). */
  callback: URL
  /** The consumer asking. */
  consumer: Consumer
  /** The request-token request. */
  request: Request
}

/**
 * The paths {@link OAuth1Provider.handle} routes, matched exactly against the request's pathname.
 *
 * @example
 * ```ts
 * import type { ProviderPaths } from '@oauthkit/server'
 *
 * const paths: ProviderPaths = { requestToken: '/api/oauth/request_token', authorize: '/api/oauth/authorize', accessToken: '/api/oauth/access_token' }
 * ```
 */
export interface ProviderPaths {
  /** `/oauth/request_token` by default. */
  requestToken?: string | undefined
  /** `/oauth/authorize` by default. */
  authorize?: string | undefined
  /** `/oauth/access_token` by default (xAuth requests included). */
  accessToken?: string | undefined
}

/**
 * Options of {@link oauth1Provider}. Only `consumers` is required; `decide` is needed for the
 * three-legged dance and `xAuth` for xAuth.
 *
 * @example
 * ```ts
 * import { MemoryConsumerStore, type OAuth1ProviderOptions } from '@oauthkit/server'
 *
 * interface User {
 *   id: string
 *   name: string
 * }
 * const options: OAuth1ProviderOptions<User> = {
 *   consumers: new MemoryConsumerStore([{ key: 'printer-app', secret: 'kd94hf93k423kf44' }]),
 *   realm: 'Photos',
 *   timestampWindowSeconds: 120,
 *   allowedSignatureMethods: ['HMAC-SHA256', 'RSA-SHA256'],
 *   requestTokenLifetimeSeconds: 300,
 *   // GET shows the consent form; only its POST approves (check its CSRF field: see docs/server.md).
 *   decide: async ({ request }) => {
 *     const session = request.headers.get('cookie')?.match(/session=(\w+)/)?.[1]
 *     if (session === undefined) return Response.redirect('https://photos.example.net/login', 303)
 *     if (request.method === 'GET') return new Response('<form method="post">…</form>', { headers: { 'content-type': 'text/html' } })
 *     const form = new URLSearchParams(await request.text())
 *     return form.get('allow') === 'yes' ? { approve: true, user: { id: session, name: 'Jane' } } : { deny: true }
 *   },
 *   allowCallback: ({ callback }) => callback.href === 'https://printer.example.com/oauth/ready',
 *   accessTokenFields: ({ user }) => ({ user_id: user.id, screen_name: user.name }),
 * }
 * ```
 */
export interface OAuth1ProviderOptions<User = unknown, Consumer extends ConsumerRecord = ConsumerRecord> {
  /** Where consumers are found. */
  consumers: ConsumerStore<Consumer>
  /** Where tokens are kept; a {@link MemoryProviderTokenStore} on the provider's clock by default (one process only). */
  tokens?: ProviderTokenStore<User> | undefined
  /**
   * Where used nonces are kept; a `MemoryNonceStore` on the provider's clock by default (one process
   * only), in which each consumer may hold a tenth (`consumer_key_refused` beyond it).
   */
  nonceStore?: NonceStore | undefined
  /**
   * The user's decision at the authorization endpoint (RFC 5849 2.2); see {@link AuthorizeDecision}.
   * Answer GET with your consent form and approve only its POST, checked against CSRF: an approval
   * on GET is refused unless `allowApprovalOnGet` is set.
   */
  decide?: ((context: AuthorizeContext<Consumer>) => Awaitable<AuthorizeDecision<User>>) | undefined
  /**
   * Take `{ approve: true }` from `decide` on a GET too. A GET is what a link, an image or another
   * site's top-level navigation sends, with the user's `SameSite=Lax` cookies, so with this any page
   * the user visits can approve a request token of its own. `false` by default: such an approval is
   * answered 403 `permission_denied` and the token stays pending; `{ deny: true }` and a `Response`
   * are taken on GET either way.
   */
  allowApprovalOnGet?: boolean | undefined
  /**
   * Enables xAuth (`x_auth_mode=client_auth`) at the access-token endpoint: check the username and
   * password and answer `{ user }`, or `undefined` to refuse (`permission_denied`). Check here too that
   * the consumer may use xAuth, and limit guesses: the provider does not count failures.
   */
  xAuth?: ((context: XAuthContext<Consumer>) => Awaitable<{ user: User } | undefined>) | undefined
  /** Extra fields of the access-token response (`user_id`, `screen_name`); names starting `oauth_` are refused. */
  accessTokenFields?: ((context: AccessTokenFieldsContext<User, Consumer>) => Awaitable<Record<string, string> | undefined>) | undefined
  /** The page that shows the verifier for an `oob` callback; a plain HTML page by default. */
  oobResponse?: ((context: OobContext<User, Consumer>) => Awaitable<Response>) | undefined
  /**
   * Whether an absolute `oauth_callback` is acceptable for this consumer: best, one of the callbacks
   * it registered with you, compared whole (`callback.href`); a prefix must end with the path's `/`,
   * since `https://app.example` is a prefix of `https://app.example.evil`. By default any absolute
   * URL except `javascript:`, `data:`, `vbscript:`, `file:` and `blob:` ones: whoever holds a
   * consumer's key and secret (anyone, for a public app that ships them) can then have the verifiers
   * of the users who approve sent to a host of their own. Refused callbacks answer `parameter_rejected`.
   */
  allowCallback?: ((context: CallbackContext<Consumer>) => Awaitable<boolean>) | undefined
  /** The realm of the `WWW-Authenticate` challenges; the request's origin by default. */
  realm?: string | undefined
  /** How far `oauth_timestamp` may be from now, in seconds; 300 by default. */
  timestampWindowSeconds?: number | undefined
  /** The signature methods accepted; every method of core except `PLAINTEXT` by default. */
  allowedSignatureMethods?: readonly SignatureMethod[] | undefined
  /**
   * Accept the protocol parameters in the header plus an identical copy in the query or body (the
   * `'header+query'` / `'header+body'` placements, Falcon's `FULL`). RFC 5849 3.5 forbids it: `false`
   * by default.
   */
  allowCopiedParameters?: boolean | undefined
  /**
   * The most parameters a signed request's query and form body may carry together; 1000 by default.
   * More are refused before any is decoded, as `parameter_rejected` with status 413 (400 without a
   * form body). The body's bytes are bounded where it is read (`nodeListener`'s `maxBodyBytes`).
   */
  maxParameters?: number | undefined
  /** How long a request token may be authorized and exchanged, in seconds; 600 by default. */
  requestTokenLifetimeSeconds?: number | undefined
  /** How long an access token is accepted, in seconds; forever by default (as usual in OAuth 1.0a). */
  accessTokenLifetimeSeconds?: number | undefined
  /**
   * How long stores keep a token after it expired, in seconds, so that a late request is answered
   * `token_expired` or `token_used` rather than `token_rejected`; 3600 by default.
   */
  retainExpiredTokensSeconds?: number | undefined
  /** The clock, in milliseconds; `Date.now` by default. */
  now?: (() => number) | undefined
  /** Makes tokens, secrets and verifiers; {@link randomId} from the CSPRNG by default. */
  generateId?: ((kind: IdKind) => string) | undefined
  /** The paths {@link OAuth1Provider.handle} routes. */
  paths?: ProviderPaths | undefined
}
