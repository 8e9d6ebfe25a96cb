// Which responses came back refused, for `oauthRefusal`: what adapters record and client errors carry.
import type { OAuthRefusal } from './refusal.ts'

/** The refusals of the responses that came back through an adapter, by response. */
const refused = new WeakMap<object, OAuthRefusal>()

/**
 * Notes the refusal of a response that an adapter hands back (or that its client's error carries),
 * for {@link oauthRefusal}. The response itself is not changed.
 *
 * @example
 * ```ts
 * import { OAuthProblemError, oauthRefusal } from '@oauthkit/core'
 * import { markRefusal, recordRefusal } from '@oauthkit/core/adapter'
 *
 * const response = new Response('', { status: 401 })
 * recordRefusal(response, markRefusal(new OAuthProblemError('token_rejected', 'refused')))
 * console.assert(oauthRefusal(response)?.code === 'token_rejected')
 * ```
 */
export function recordRefusal(response: object, refusal: OAuthRefusal | undefined): void {
  if (refusal) refused.set(response, refusal)
}

/**
 * Gives a client's error for a refused response (axios' `AxiosError`, ky's and got's `HTTPError`:
 * anything with the `response` an adapter recorded) its `oauth` property: the {@link OAuthRefusal}.
 * Returns the error.
 *
 * @example
 * ```ts
 * import { attachRefusal } from '@oauthkit/core/adapter'
 *
 * const error = attachRefusal(new Error('Request failed with status code 401'))
 * ```
 */
export function attachRefusal<Value>(error: Value): Value & { oauth?: OAuthRefusal } {
  const oauth = oauthRefusal(error)
  if (oauth) Object.assign(error as object, { oauth })
  return error as Value & { oauth?: OAuthRefusal }
}

/**
 * The {@link OAuthRefusal} of a refused response that came back through an oauthkit adapter, or
 * of the client's error for it (axios' `AxiosError`, ky's and got's `HTTPError`, or anything with
 * that `response`); `undefined` otherwise. It reads nothing: the response's body is left unread.
 *
 * @example
 * ```ts
 * import { oauthRefusal } from '@oauthkit/core'
 *
 * // `call` is a request through any oauthkit adapter: its response, or the client's error.
 * async function explain(call: Promise<unknown>): Promise<void> {
 *   const refusal = oauthRefusal(await call.catch((error: unknown) => error))
 *   if (refusal?.code === 'signature_invalid') console.error(refusal.message, refusal.baseString)
 * }
 * ```
 */
export function oauthRefusal(value: unknown): OAuthRefusal | undefined {
  // A WeakMap answers `undefined` for a primitive too.
  return refused.get(value as object) ?? refused.get((value as { response?: object } | null | undefined)?.response as object)
}
