import type { OAuthProblemError } from '@oauthkit/core'
import type { ConsumerRecord } from './consumer-store.ts'
import type { ProtectOptions, ProtectResult } from './protect-result.ts'
import type { ProviderContext } from './provider-context.ts'
import { asProblem } from './provider-context.ts'
import type { AccessTokenRecord } from './provider-token-store.ts'

/**
 * Verifies a request to a protected resource: signed by a known consumer with one of its access
 * tokens (or by the consumer alone when `requireToken` is `false`).
 *
 * @internal
 */
export function protectResource<User, Consumer extends ConsumerRecord>(
  context: ProviderContext<User, Consumer>,
): (request: Request, options?: ProtectOptions) => Promise<ProtectResult<User | undefined, Consumer, string | undefined>> {
  return async (request, options = {}) => {
    const requireToken = options.requireToken ?? true
    let record: AccessTokenRecord<User> | undefined
    try {
      const verified = await context.verify(
        request,
        async (token, consumerKey) => {
          const found = await context.tokens.findAccessToken(token)
          if (found === undefined || found.consumerKey !== consumerKey) return undefined
          record = found
          return { secret: found.secret }
        },
        { requireToken, requireBodyHash: options.requireBodyHash },
      )
      if (record?.expiresAt !== undefined && context.now() >= record.expiresAt) {
        throw context.problem('token_expired', 'This access token has expired', request)
      }
      return {
        ok: true,
        consumer: verified.consumer,
        token: verified.token,
        user: record?.user,
        signatureMethod: verified.signatureMethod,
        location: verified.location,
        parameters: verified.parameters,
      }
    } catch (error) {
      const response = context.refuse(error, request)
      const problem = asProblem(error) as OAuthProblemError
      return { ok: false, problem: problem.code, error: problem, response }
    }
  }
}
