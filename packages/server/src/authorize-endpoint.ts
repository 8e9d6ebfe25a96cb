import { OAuthError } from '@oauthkit/core'
import { isFormContentType } from '@oauthkit/core/adapter'
import { parseForm } from '@oauthkit/core/oauth1'
import { callbackWith } from './callback-url.ts'
import type { ConsumerRecord } from './consumer-store.ts'
import { defaultOobResponse } from './oob-page.ts'
import { problemResponse } from './problem-response.ts'
import type { ProviderContext } from './provider-context.ts'
import type { AuthorizeDecision, PendingAuthorization } from './provider-options.ts'
import type { StoredRequestToken } from './provider-token-store.ts'

/** `oauth_token` from the query, or from the form body of a POST (your consent form). */
async function tokenOf(request: Request): Promise<string | undefined> {
  const fromQuery = new URL(request.url).searchParams.get('oauth_token')
  if (fromQuery !== null) return fromQuery
  if (request.method !== 'POST' || request.body === null || !isFormContentType(request.headers.get('content-type'))) return undefined
  return parseForm(await request.clone().text()).find(([name]) => name === 'oauth_token')?.[1]
}

const pending = ({ token, consumerKey, callback, issuedAt, expiresAt }: StoredRequestToken<unknown>): PendingAuthorization => ({
  token,
  consumerKey,
  callback,
  issuedAt,
  expiresAt,
})

const isResponse = (value: unknown): value is Response =>
  value instanceof Response ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).status === 'number' &&
    (value as Response).headers instanceof Headers)

function redirect(location: string): Response {
  return new Response(null, {
    status: 302,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  })
}

/**
 * RFC 5849 2.2: the user's browser arrives with `oauth_token`; `decide` answers; the verifier goes
 * back to the consumer.
 *
 * @internal
 */
export function authorizeEndpoint<User, Consumer extends ConsumerRecord>(
  context: ProviderContext<User, Consumer>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'POST') return context.methodNotAllowed(request, ['GET', 'POST'])
    const { decide } = context.options
    if (decide === undefined)
      throw new OAuthError('invalid_options', 'oauth1Provider(): the authorization endpoint needs the decide option')
    try {
      const token = await tokenOf(request)
      if (token === undefined || token === '') {
        throw context.problem('parameter_absent', 'oauth_token is required', request, { parametersAbsent: ['oauth_token'] })
      }
      const stored = await context.tokens.findRequestToken(token)
      if (stored === undefined) throw context.problem('token_rejected', 'Unknown request token', request)
      if (stored.used || stored.authorization !== undefined) {
        throw context.problem('token_used', 'This request token was already authorized or refused', request)
      }
      if (context.now() >= stored.expiresAt) throw context.problem('token_expired', 'This request token has expired', request)
      const consumer = await context.consumers.findConsumer(stored.consumerKey)
      if (consumer === undefined) throw context.problem('consumer_key_unknown', 'The consumer of this request token is gone', request)

      const requestToken = pending(stored)
      const decision: AuthorizeDecision<User> = await decide({ request, requestToken, consumer })
      const keep = context.retention(stored.expiresAt)
      if (typeof decision === 'object' && decision !== null && 'approve' in decision && decision.approve === true) {
        // A GET is what a link or another site's top-level navigation sends, with the user's SameSite=Lax cookie.
        if (request.method !== 'POST' && context.options.allowApprovalOnGet !== true) {
          const refused = context.problem(
            'permission_denied',
            `decide() approved a ${request.method} request, which any site can make the user's browser send; approve only the POST of your consent form (with CSRF protection), or set allowApprovalOnGet`,
            request,
          )
          return problemResponse(refused, { realm: context.realm(request), status: 403 })
        }
        const { user } = decision
        const verifier = context.id('verifier')
        const approved = await context.tokens.authorizeRequestToken(token, { verifier, user, authorizedAt: context.now() }, keep)
        if (!approved) throw context.problem('token_used', 'This request token was already authorized or refused', request)
        if (stored.callback === 'oob') {
          const page = context.options.oobResponse ?? defaultOobResponse
          return await page({ verifier, requestToken, consumer, user, request })
        }
        return redirect(
          callbackWith(stored.callback, [
            ['oauth_token', token],
            ['oauth_verifier', verifier],
          ]),
        )
      }
      if (typeof decision === 'object' && decision !== null && 'deny' in decision && decision.deny === true) {
        await context.tokens.useRequestToken(token, keep)
        if (stored.callback === 'oob') {
          const refused = context.problem('user_refused', 'The user refused access', request)
          return problemResponse(refused, { realm: context.realm(request), status: 403 })
        }
        return redirect(
          callbackWith(stored.callback, [
            ['oauth_token', token],
            ['denied', token],
            ['oauth_problem', 'user_refused'],
          ]),
        )
      }
      if (isResponse(decision)) return decision
      throw new OAuthError('invalid_options', 'decide() must answer { approve: true, user }, { deny: true } or a Response')
    } catch (error) {
      return context.refuse(error, request)
    }
  }
}
