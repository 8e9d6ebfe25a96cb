import type { OAuth2ErrorCode } from './oauth2-error-code.ts'
import type { OAuthProblem } from './problem-code.ts'

/**
 * The codes of {@link OAuthError} itself, the one list that {@link OAuthErrorCode} is derived from.
 *
 * @example
 * ```ts
 * import { isOAuthError, type OAuthErrorCode } from '@oauthkit/core'
 *
 * const mistakes: OAuthErrorCode[] = ['invalid_options', 'placement_unsupported']
 * const isMistake = (error: unknown): boolean => isOAuthError(error) && (mistakes as string[]).includes(error.code)
 * ```
 */
export const OAUTH_ERROR_CODES = [
  'invalid_options',
  'request_invalid',
  'placement_unsupported',
  'key_invalid',
  'body_unreadable',
  'credentials_missing',
  'token_mismatch',
  'callback_not_confirmed',
  'invalid_response',
  'token_request_failed',
  'store_corrupt',
  'store_locked',
  'store_full',
  'store_insecure',
  'too_many_parameters',
] as const

/**
 * The codes of {@link OAuthError} itself: a misuse of the library, or a local failure. A provider's
 * refusal is an `OAuthProblemError` (codes: `OAuthProblem`), an OAuth 2 server's error an
 * `OAuth2Error` (codes: `OAuth2ErrorCode`); no code means two things. Derived from the list
 * `OAUTH_ERROR_CODES`.
 *
 * | code | meaning |
 * |---|---|
 * | `invalid_options` | an option given to a factory such as `oauth1()` is missing or malformed |
 * | `request_invalid` | the request cannot be signed or authorized as it is (a URL that is not absolute, a bad method, a secret over plain http) |
 * | `placement_unsupported` | the chosen placement cannot carry the parameters on this request (for example `'body'` on a GET) |
 * | `key_invalid` | a private or public key could not be read or does not fit the signature method |
 * | `body_unreadable` | a body hash was asked for a body that cannot be read before it is sent |
 * | `credentials_missing` | an OAuth 1.0a session step needs a token it does not have yet (no pending request token, not authorized) |
 * | `token_mismatch` | an authorization callback names another request token than the pending one |
 * | `callback_not_confirmed` | a request-token response lacks `oauth_callback_confirmed=true` (not OAuth 1.0a) |
 * | `invalid_response` | an OAuth 1.0a token endpoint answered without what the protocol requires (as `OAuth2Error`'s code of the same name) |
 * | `token_request_failed` | the request to an OAuth 1.0a token endpoint got no response (as `OAuth2Error`'s code of the same name) |
 * | `store_corrupt` | a token store's file is not a token store (unparseable or of another shape) |
 * | `store_locked` | a token store's file stayed locked by another writer for too long |
 * | `store_full` | a nonce store holds as many nonces still inside their window as it may |
 * | `store_insecure` | every user can write to the directory of a token store's file |
 * | `too_many_parameters` | a request carries more query and form parameters than `verifyOAuth1`'s `maxParameters`; answer 413 with a form body, else 400 |
 *
 * @example
 * ```ts
 * import type { OAuthErrorCode } from '@oauthkit/core'
 *
 * const code: OAuthErrorCode = 'invalid_options'
 * ```
 * @useDeclaredType
 */
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number]

/** Every code an {@link OAuthError} or one of its subclasses carries. */
type AnyCode = OAuthErrorCode | OAuthProblem | OAuth2ErrorCode

/** What `instanceof` narrows to: a subclass itself; the base class, generic, with every code. */
type Narrowed<T> = T extends OAuthError<infer Code> ? (string extends Code ? OAuthError<AnyCode> : T) : T

/**
 * The error type of oauthkit, and the base of `OAuthProblemError` (a provider refused) and
 * `OAuth2Error` (an OAuth 2 server's error). Each class has its own list of codes, and no code means
 * two things, so after `isOAuthError` a `switch (error.code)` narrows to the class as well;
 * `error instanceof OAuthError` narrows `code` to the codes of all three classes, `instanceof` a
 * subclass to that class's codes. `cause` holds the underlying error when there is one. Messages
 * name what was wrong and, for a request, its method and URL without the query string. They never
 * contain a consumer secret, a token secret, a password or a private key.
 *
 * @example
 * ```ts
 * import { OAuthError, oauth1 } from '@oauthkit/core'
 *
 * try {
 *   oauth1({ consumerKey: '' })
 * } catch (error) {
 *   if (error instanceof OAuthError) console.assert(error.code === 'invalid_options')
 * }
 * ```
 */
export class OAuthError<Code extends string = OAuthErrorCode> extends Error {
  /** @internal For the type checker only: without it, `error instanceof OAuthError` gives `code: any`. */
  declare static [Symbol.hasInstance]: <T>(this: abstract new (...args: never) => T, value: unknown) => value is Narrowed<T>
  override name: string = 'OAuthError'
  /** A stable code: an {@link OAuthErrorCode}, or a code of the subclass's own list. */
  readonly code: Code

  // NoInfer: `new OAuthError(code)` takes only an OAuthErrorCode (where the context is a union of
  // error classes, name it: `new OAuthError<OAuthErrorCode>(…)`); a subclass names its own list.
  constructor(code: NoInfer<Code>, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/**
 * Names a request in an error message: the method and the URL without its query string and
 * fragment, which may carry credentials.
 *
 * @internal
 */
export function describeRequest(method: string, url: URL | string): string {
  let where: string
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url
    where = `${parsed.origin}${parsed.pathname}`
  } catch {
    where = '(invalid URL)'
  }
  return `${method.toUpperCase()} ${where}`
}
