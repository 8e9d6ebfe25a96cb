import { accessTokenEndpoint } from './access-token-endpoint.ts'
import { authorizeEndpoint } from './authorize-endpoint.ts'
import type { ConsumerRecord } from './consumer-store.ts'
import { protectResource } from './protect.ts'
import type { ProtectOptions, ProtectResult } from './protect-result.ts'
import { createProviderContext } from './provider-context.ts'
import type { OAuth1ProviderOptions } from './provider-options.ts'
import type { ProviderTokenStore } from './provider-token-store.ts'
import { requestTokenEndpoint } from './request-token-endpoint.ts'

/**
 * An OAuth 1.0a provider: Web-standard handlers, `(request: Request) => Promise<Response>`, that
 * mount in node:http (through {@link nodeListener}), express, hono, Next.js route handlers, workers
 * and msw alike. Every handler is a plain function (no `this`), so `provider.requestToken` can be
 * passed on as it is. Refused requests are answered per OAuth Problem Reporting; a failing store or
 * callback rejects the promise (your framework's 500).
 *
 * @example
 * ```ts
 * import { MemoryConsumerStore, oauth1Provider, type OAuth1Provider } from '@oauthkit/server'
 *
 * const provider: OAuth1Provider<{ id: string }> = oauth1Provider<{ id: string }>({
 *   consumers: new MemoryConsumerStore([{ key: 'key', secret: 'secret' }]),
 *   decide: () => new Response('your login page and consent form'),
 * })
 * // Next.js app router: app/oauth/request_token/route.ts
 * export const POST = provider.requestToken
 * ```
 */
export interface OAuth1Provider<User = unknown, Consumer extends ConsumerRecord = ConsumerRecord> {
  /**
   * RFC 5849 2.1, temporary credentials: a signed POST with `oauth_callback` (`oob` or an absolute URL)
   * answers `oauth_token`, `oauth_token_secret` and `oauth_callback_confirmed=true`, form-encoded.
   */
  requestToken(request: Request): Promise<Response>
  /**
   * RFC 5849 2.2, resource owner authorization: GET (your consent form) or the POST of that form,
   * with `oauth_token`; calls `decide`, then redirects to the callback with `oauth_token` and
   * `oauth_verifier` (302), or shows the verifier for `oob`. An approval is taken from the POST only,
   * unless `allowApprovalOnGet` is set.
   */
  authorize(request: Request): Promise<Response>
  /**
   * RFC 5849 2.3, token credentials: a POST signed with the request token and its secret, with
   * `oauth_verifier`, answers `oauth_token`, `oauth_token_secret` and your `accessTokenFields`. A
   * request token is exchanged once; a wrong verifier uses it up. xAuth requests
   * (`x_auth_mode=client_auth` in the form body) are served here too when `xAuth` is set.
   */
  accessToken(request: Request): Promise<Response>
  /** The xAuth grant alone: like {@link OAuth1Provider.accessToken}, but only for `x_auth_mode=client_auth`. */
  xAuth(request: Request): Promise<Response>
  /**
   * Checks a request to a protected resource. Resolves `{ ok: true, consumer, token, user, … }`, or
   * `{ ok: false, problem, response }` with the 400/401 problem response ready to send.
   */
  protect(request: Request, options?: ProtectOptions & { requireToken?: true | undefined }): Promise<ProtectResult<User, Consumer>>
  protect(request: Request, options: ProtectOptions): Promise<ProtectResult<User | undefined, Consumer, string | undefined>>
  /** Routes `paths` to `requestToken`, `authorize` and `accessToken`; anything else is a 404. */
  handle(request: Request): Promise<Response>
  /** Revokes an access token; `true` when it existed. Later requests with it are refused (`token_rejected`). */
  revoke(token: string): Promise<boolean>
  /** The token store in use (the default memory store when none was given). */
  readonly tokens: ProviderTokenStore<User>
}

/**
 * Creates an OAuth 1.0a provider on core's `verifyOAuth1`: request-token, authorization and
 * access-token endpoints (RFC 5849 section 2), xAuth, and `protect()` for your resources. Storage
 * goes through interfaces — consumers, tokens, nonces — in memory by default; use
 * {@link RedisProviderTokenStore} and {@link RedisNonceStore} when several instances serve behind a load
 * balancer.
 *
 * @example
 * ```ts
 * import { MemoryConsumerStore, oauth1Provider } from '@oauthkit/server'
 *
 * interface User {
 *   id: string
 *   name: string
 * }
 * const provider = oauth1Provider<User>({
 *   consumers: new MemoryConsumerStore([{ key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44', name: 'Printer' }]),
 *   realm: 'Photos',
 *   // GET: the consent form; its POST approves or refuses. Check the signed-in user and the form's
 *   // CSRF field there too (docs/server.md shows both).
 *   decide: async ({ request }) => {
 *     const form = request.method === 'POST' ? await request.formData() : undefined
 *     if (form === undefined) return new Response('<form method="post">…</form>', { headers: { 'content-type': 'text/html' } })
 *     return form.get('allow') === 'yes' ? { approve: true, user: { id: 'jane', name: 'Jane' } } : { deny: true }
 *   },
 *   allowCallback: ({ callback }) => callback.href === 'https://printer.example.com/oauth/ready',
 *   accessTokenFields: ({ user }) => ({ user_id: user.id, screen_name: user.name }),
 * })
 *
 * async function photos(request: Request): Promise<Response> {
 *   const result = await provider.protect(request)
 *   if (!result.ok) return result.response
 *   return Response.json({ owner: result.user.name })
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
export function oauth1Provider<User = unknown, Consumer extends ConsumerRecord = ConsumerRecord>(
  options: OAuth1ProviderOptions<User, Consumer>,
): OAuth1Provider<User, Consumer> {
  const context = createProviderContext(options)
  const requestToken = requestTokenEndpoint(context)
  const authorize = authorizeEndpoint(context)
  const accessToken = accessTokenEndpoint(context)
  const xAuth = accessTokenEndpoint(context, 'xauth')
  const protect = protectResource(context)
  const paths = {
    requestToken: options.paths?.requestToken ?? '/oauth/request_token',
    authorize: options.paths?.authorize ?? '/oauth/authorize',
    accessToken: options.paths?.accessToken ?? '/oauth/access_token',
  }
  return {
    requestToken,
    authorize,
    accessToken,
    xAuth,
    protect: protect as OAuth1Provider<User, Consumer>['protect'],
    async handle(request) {
      const { pathname } = new URL(request.url)
      if (pathname === paths.requestToken) return requestToken(request)
      if (pathname === paths.authorize) return authorize(request)
      if (pathname === paths.accessToken) return accessToken(request)
      return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } })
    },
    revoke: (token) => context.tokens.revokeAccessToken(token),
    tokens: context.tokens,
  }
}
