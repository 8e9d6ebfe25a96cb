// What a refusal is, marked by the authorizer that read it and given the base string of the refused
// request. Apart from refused-responses.ts: bundlers that split code then fetch it only with the
// review of a refusal, or with an adapter.
import type { OAuth2Error } from '../errors/oauth2-error.ts'
import type { OAuthProblemError } from '../errors/problem-error.ts'

/**
 * What a provider said when it refused a request: the parsed OAuth Problem Reporting report of an
 * OAuth 1.0a provider (an `OAuthProblemError`: `code` is the `oauth_problem`, with its advice and
 * ranges), or the RFC 6750 `WWW-Authenticate: Bearer` challenge of an OAuth 2 resource server (an
 * `OAuth2Error`: `code` `invalid_token`, `insufficient_scope`…, with `scope` and `realm`).
 *
 * For OAuth 1.0a it also holds `baseString`, the signature base string of the request that was
 * refused, to compare with the provider's (an OAuth 2 refusal has none: `undefined`). It is
 * non-enumerable (`JSON.stringify` and `util.inspect` leave it out) and never holds a secret or an
 * xAuth password. Read it with `oauthRefusal(errorOrResponse)`, for every client.
 *
 * @example
 * ```ts
 * import { oauthRefusal, type OAuthRefusal } from '@oauthkit/core'
 *
 * function explain(error: unknown): string | undefined {
 *   const refusal: OAuthRefusal | undefined = oauthRefusal(error)
 *   if (refusal?.code === 'signature_invalid') return `we signed: ${refusal.baseString}`
 *   return refusal?.message
 * }
 * ```
 */
export type OAuthRefusal = (OAuthProblemError & { readonly baseString?: string }) | (OAuth2Error & { readonly baseString?: undefined })

/** The authorizers' errors that read a refused response, with the redaction of their secrets. */
const readings = new WeakMap<object, (text: string) => string>()

/**
 * Marks an error an authorizer's `onResponse` throws as what the response it reviewed says (a
 * problem report, a bearer challenge), not a failure of the authorizer itself (a token endpoint
 * that failed): adapters hand the response, or their client's own error for it, back with it.
 * `redact` takes the authorizer's secrets out of the base string.
 *
 * @example
 * ```ts
 * import { OAuthProblemError } from '@oauthkit/core'
 * import { markRefusal } from '@oauthkit/core/adapter'
 *
 * const onResponse = async (response: { status: number }): Promise<undefined> => {
 *   if (response.status === 401) throw markRefusal(new OAuthProblemError('token_expired', 'the token expired'))
 *   return undefined
 * }
 * ```
 */
export function markRefusal<Refusal extends OAuthRefusal>(error: Refusal, redact: (text: string) => string = (text) => text): Refusal {
  readings.set(error, redact)
  return error
}

// A value of x_auth_password in a base string's parameters (encoded twice: `%26` ends it).
const PASSWORD = /(x_auth_password%3D)(?:(?!%26).)*/g

/**
 * The {@link OAuthRefusal} of an error an authorizer's review threw, or `undefined` when it is not
 * one (see {@link markRefusal}): with the base string of the refused request, when there is one, as
 * a non-enumerable `baseString`, the authorizer's secrets and any xAuth password redacted.
 *
 * @internal
 */
export function refusalOf(error: unknown, baseString: string | undefined): OAuthRefusal | undefined {
  // A WeakMap answers `undefined` for a primitive too.
  const redact = readings.get(error as object)
  if (redact !== undefined && baseString !== undefined) {
    // Not enumerable: JSON.stringify and util.inspect leave it out.
    Object.defineProperty(error, 'baseString', { value: redact(baseString.replace(PASSWORD, '$1[redacted]')), configurable: true })
  }
  return redact && (error as OAuthRefusal)
}
