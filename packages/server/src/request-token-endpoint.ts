import { parseCallback } from './callback-url.ts'
import type { ConsumerRecord } from './consumer-store.ts'
import { formResponse } from './form-response.ts'
import type { ProviderContext } from './provider-context.ts'
import type { RequestTokenRecord } from './provider-token-store.ts'

/**
 * RFC 5849 2.1: a signed POST with `oauth_callback` ('oob' or an absolute URL) gets a request token.
 *
 * @internal
 */
export function requestTokenEndpoint<User, Consumer extends ConsumerRecord>(
  context: ProviderContext<User, Consumer>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') return context.methodNotAllowed(request, ['POST'])
    try {
      // No lookupToken: a request that carries a token is refused (token_rejected).
      const verified = await context.verify(request)
      const { callback } = verified
      if (callback === undefined || callback === '') {
        throw context.problem('parameter_absent', 'oauth_callback is required: an absolute URL or oob (RFC 5849 2.1)', request, {
          parametersAbsent: ['oauth_callback'],
        })
      }
      if (callback !== 'oob') {
        const url = parseCallback(callback)
        const allowed =
          url !== undefined &&
          (context.options.allowCallback === undefined ||
            (await context.options.allowCallback({ callback: url, consumer: verified.consumer, request })) === true)
        if (!allowed) {
          throw context.problem('parameter_rejected', 'oauth_callback must be oob or an absolute URL this consumer may use', request, {
            parametersRejected: ['oauth_callback'],
          })
        }
      }
      const issuedAt = context.now()
      const record: RequestTokenRecord = {
        token: context.id('request_token'),
        secret: context.id('request_token_secret'),
        consumerKey: verified.consumerKey,
        callback,
        issuedAt,
        expiresAt: issuedAt + context.requestTokenLifetimeMs,
      }
      await context.tokens.saveRequestToken(record, { ttlSeconds: (context.requestTokenLifetimeMs + context.retainMs) / 1000 })
      return formResponse([
        ['oauth_token', record.token],
        ['oauth_token_secret', record.secret],
        ['oauth_callback_confirmed', 'true'],
      ])
    } catch (error) {
      return context.refuse(error, request)
    }
  }
}
