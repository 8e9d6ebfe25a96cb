import type { VerifiedOAuth1 } from '@oauthkit/core'
import { parseForm, timingSafeEqual } from '@oauthkit/core/oauth1'
import type { ConsumerRecord } from './consumer-store.ts'
import type { ProviderContext } from './provider-context.ts'
import type { StoredRequestToken } from './provider-token-store.ts'

/** Which grants an access-token endpoint takes. */
type Grants = 'both' | 'xauth'

const isXAuthName = (name: string): boolean => name.startsWith('x_auth_')

/**
 * RFC 5849 2.3 (a request token signed with its secret, plus `oauth_verifier`) and xAuth
 * (`x_auth_mode=client_auth` with a username and password in the signed form body) at one endpoint.
 *
 * @internal
 */
export function accessTokenEndpoint<User, Consumer extends ConsumerRecord>(
  context: ProviderContext<User, Consumer>,
  grants: Grants = 'both',
): (request: Request) => Promise<Response> {
  async function exchange(
    request: Request,
    verified: VerifiedOAuth1<Consumer>,
    stored: StoredRequestToken<User> | undefined,
  ): Promise<Response> {
    if (verified.token === undefined || stored === undefined) {
      throw context.problem('parameter_absent', 'oauth_token (the request token) is required', request, {
        parametersAbsent: ['oauth_token'],
      })
    }
    if (stored.used) throw context.problem('token_used', 'This request token was already exchanged or refused', request)
    if (context.now() >= stored.expiresAt) throw context.problem('token_expired', 'This request token has expired', request)
    const { verifier } = verified
    if (verifier === undefined || verifier === '') {
      throw context.problem('parameter_absent', 'oauth_verifier is required', request, { parametersAbsent: ['oauth_verifier'] })
    }
    const { authorization } = stored
    if (authorization === undefined)
      throw context.problem('permission_unknown', 'The user has not authorized this request token yet', request)
    // Single use: the first exchange wins on every instance sharing the store; a wrong verifier uses the token up too.
    const first = await context.tokens.useRequestToken(stored.token, context.retention(stored.expiresAt))
    if (!first) throw context.problem('token_used', 'This request token was already exchanged or refused', request)
    if (!timingSafeEqual(verifier, authorization.verifier)) {
      throw context.problem('verifier_invalid', 'oauth_verifier does not match; the request token is used up, start again', request)
    }
    return context.issueAccessToken(verified.consumer, authorization.user, 'authorization')
  }

  async function xAuth(request: Request, verified: VerifiedOAuth1<Consumer>): Promise<Response> {
    const check = context.options.xAuth
    if (check === undefined) {
      throw context.problem('parameter_rejected', 'xAuth is not enabled on this provider', request, { parametersRejected: ['x_auth_mode'] })
    }
    if (verified.token !== undefined) {
      throw context.problem('parameter_rejected', 'An xAuth request carries no token', request, { parametersRejected: ['oauth_token'] })
    }
    const values = new Map<string, string[]>()
    for (const [name, value] of verified.parameters) if (isXAuthName(name)) values.set(name, [...(values.get(name) ?? []), value])
    const repeated = [...values].filter(([, list]) => list.length > 1).map(([name]) => name)
    if (repeated.length > 0) {
      throw context.problem('parameter_rejected', `Sent more than once: ${repeated.join(', ')}`, request, { parametersRejected: repeated })
    }
    const absent = ['x_auth_mode', 'x_auth_username', 'x_auth_password'].filter((name) => !values.get(name)?.[0])
    if (absent.length > 0) throw context.problem('parameter_absent', `Missing ${absent.join(', ')}`, request, { parametersAbsent: absent })
    if (values.get('x_auth_mode')?.[0] !== 'client_auth') {
      throw context.problem('parameter_rejected', 'x_auth_mode must be client_auth', request, { parametersRejected: ['x_auth_mode'] })
    }
    const username = values.get('x_auth_username')?.[0] as string
    const password = values.get('x_auth_password')?.[0] as string
    const granted = await check({ request, consumer: verified.consumer, username, password })
    if (granted === undefined || granted === null || typeof granted !== 'object' || !('user' in granted)) {
      throw context.problem('permission_denied', 'The username or password is not valid, or this consumer may not use xAuth', request)
    }
    return context.issueAccessToken(verified.consumer, granted.user, 'xauth')
  }

  return async (request) => {
    if (request.method !== 'POST') return context.methodNotAllowed(request, ['POST'])
    try {
      // A password in a URL ends up in logs: xAuth parameters belong in the signed form body only.
      const inQuery = [...new Set(parseForm(new URL(request.url).search.slice(1)).map(([name]) => name))].filter(isXAuthName)
      if (inQuery.length > 0) {
        throw context.problem('parameter_rejected', 'xAuth parameters belong in the form body, not the URL', request, {
          parametersRejected: inQuery,
        })
      }
      let stored: StoredRequestToken<User> | undefined
      const verified = await context.verify(request, async (token, consumerKey) => {
        const found = await context.tokens.findRequestToken(token)
        if (found === undefined || found.consumerKey !== consumerKey) return undefined
        stored = found
        return { secret: found.secret }
      })
      const isXAuth = verified.parameters.some(([name]) => isXAuthName(name))
      if (isXAuth) return await xAuth(request, verified)
      if (grants === 'xauth') {
        throw context.problem('parameter_absent', 'x_auth_mode is required', request, { parametersAbsent: ['x_auth_mode'] })
      }
      return await exchange(request, verified, stored)
    } catch (error) {
      return context.refuse(error, request)
    }
  }
}
