import type { OAuthProblem, OAuthProblemError, ParameterLocation, SignatureMethod } from '@oauthkit/core'
import type { ConsumerRecord } from './consumer-store.ts'

/**
 * Options of {@link OAuth1Provider.protect}.
 *
 * @example
 * ```ts
 * import type { ProtectOptions } from '@oauthkit/server'
 *
 * // Two-legged: signed by a consumer alone, no access token needed.
 * const consumerOnly: ProtectOptions = { requireToken: false }
 * // A JSON API: its bodies are signed only through oauth_body_hash.
 * const jsonApi: ProtectOptions = { requireBodyHash: true }
 * ```
 */
export interface ProtectOptions {
  /** Require an access token; `true` by default. `false` also accepts requests signed by a consumer alone (two-legged). */
  requireToken?: boolean | undefined
  /**
   * Refuse a request whose body is neither form-encoded nor empty and comes without
   * `oauth_body_hash` (`parameter_absent`): RFC 5849 does not sign such a body, so without a body hash
   * it could be swapped in transit or replayed with another one. `false` by default.
   */
  requireBodyHash?: boolean | undefined
}

/**
 * A request {@link OAuth1Provider.protect} accepted: who signed it and for whom.
 *
 * @example
 * ```ts
 * import type { ProtectGranted } from '@oauthkit/server'
 *
 * const greet = (granted: ProtectGranted<{ name: string }>): string => `Hello ${granted.user.name}, via ${granted.consumer.key}`
 * ```
 */
export interface ProtectGranted<
  User = unknown,
  Consumer extends ConsumerRecord = ConsumerRecord,
  Token extends string | undefined = string,
> {
  ok: true
  /** The consumer that signed the request. */
  consumer: Consumer
  /** The access token (`undefined` for a two-legged request). */
  token: Token
  /** The user the access token acts for (`undefined` for a two-legged request). */
  user: User
  /** The signature method used. */
  signatureMethod: SignatureMethod
  /** Where the protocol parameters were. */
  location: ParameterLocation
  /** The request's other parameters, query and form body, as pairs. */
  parameters: [string, string][]
}

/**
 * A request {@link OAuth1Provider.protect} refused, with the answer ready: send `response` (a 400 or
 * 401 with its `WWW-Authenticate` challenge and form-encoded problem body; a 413 for a form body with
 * more parameters than `maxParameters`). `problem` is the OAuth problem name, for a `switch`.
 *
 * @example
 * ```ts
 * import type { ProtectRefused } from '@oauthkit/server'
 *
 * function answer(refused: ProtectRefused): Response {
 *   switch (refused.problem) {
 *     case 'token_expired':
 *       return new Response('Sign in again', { status: 401, headers: refused.response.headers })
 *     default:
 *       return refused.response
 *   }
 * }
 * ```
 */
export interface ProtectRefused {
  ok: false
  /** The OAuth problem name. */
  problem: OAuthProblem
  /** The error, with the report's details (over `maxParameters`: `parameter_rejected`, caused by a `too_many_parameters` OAuthError). */
  error: OAuthProblemError
  /** The problem response to send. */
  response: Response
}

/**
 * What {@link OAuth1Provider.protect} resolves with: `ok` tells which, so `if (!result.ok) return
 * result.response` narrows the rest to {@link ProtectGranted}.
 *
 * @example
 * ```ts
 * import { MemoryConsumerStore, oauth1Provider, type ProtectResult } from '@oauthkit/server'
 *
 * const provider = oauth1Provider<{ id: string }>({ consumers: new MemoryConsumerStore([{ key: 'key', secret: 'secret' }]) })
 * export async function GET(request: Request): Promise<Response> {
 *   const result: ProtectResult<{ id: string }> = await provider.protect(request)
 *   if (!result.ok) return result.response
 *   return Response.json({ user: result.user.id })
 * }
 * ```
 */
export type ProtectResult<User = unknown, Consumer extends ConsumerRecord = ConsumerRecord, Token extends string | undefined = string> =
  | ProtectGranted<User, Consumer, Token>
  | ProtectRefused
