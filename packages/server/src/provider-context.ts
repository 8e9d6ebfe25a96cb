import type { Awaitable, NonceStore, OAuthProblem, OAuthProblemDetails, TokenCredentials, VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, isOAuthProblem, MemoryNonceStore, OAuthError, OAuthProblemError, verifyOAuth1 } from '@oauthkit/core'
import { isFormContentType } from '@oauthkit/core/adapter'
import type { ConsumerRecord, ConsumerStore } from './consumer-store.ts'
import { formResponse } from './form-response.ts'
import { MemoryProviderTokenStore } from './memory-provider-token-store.ts'
import { problemResponse } from './problem-response.ts'
import type { OAuth1ProviderOptions } from './provider-options.ts'
import type { AccessTokenRecord, ProviderTokenStore } from './provider-token-store.ts'
import type { IdKind } from './random-id.ts'
import { defaultGenerateId } from './random-id.ts'

/** A request in a message: method and URL without query string, which may carry credentials. */
function describeRequest(request: Request): string {
  const url = new URL(request.url)
  return `${request.method} ${url.origin}${url.pathname}`
}

/** More parameters than maxParameters: an OAuthError of its own, answered 413 or 400. */
const isTooMany = (error: unknown): error is OAuthError => isOAuthError(error) && error.code === 'too_many_parameters'

/**
 * The error as an OAuth problem, or `undefined` when it is not one (a store that failed, a key that
 * cannot be read): those are the server's faults and propagate.
 *
 * @internal
 */
export function asProblem(error: unknown): OAuthProblemError | undefined {
  if (error instanceof OAuthProblemError) return error
  if (isOAuthError(error) && isOAuthProblem(error.code)) {
    return new OAuthProblemError(error.code, error.message, {}, { cause: error })
  }
  // More parameters than maxParameters: Problem Reporting has no name of its own for it.
  if (isTooMany(error)) {
    return new OAuthProblemError('parameter_rejected', error.message, {}, { cause: error })
  }
  return undefined
}

/** 413 for too many parameters in a request with a form body (the body is what is too large), else the problem's own. */
function statusOf(error: unknown, request: Request): number | undefined {
  return isTooMany(error) && request.body !== null && isFormContentType(request.headers.get('content-type')) ? 413 : undefined
}

/** @internal Everything the endpoints share: resolved options, stores, clock and helpers. */
export interface ProviderContext<User, Consumer extends ConsumerRecord> {
  options: OAuth1ProviderOptions<User, Consumer>
  consumers: ConsumerStore<Consumer>
  tokens: ProviderTokenStore<User>
  nonceStore: NonceStore
  now: () => number
  id: (kind: IdKind) => string
  requestTokenLifetimeMs: number
  accessTokenLifetimeMs: number | undefined
  retainMs: number
  /** How long a store keeps a token that expires at `expiresAt` (ms): until then plus the retention, at least 1 ms. */
  retention(expiresAt: number): { ttlSeconds: number }
  /** verifyOAuth1 with the provider's consumers, nonces, clock and policies. */
  verify<Token extends TokenCredentials>(
    request: Request,
    lookupToken?: (token: string, consumerKey: string) => Awaitable<Token | undefined>,
    policy?: { requireToken?: boolean | undefined; requireBodyHash?: boolean | undefined },
  ): Promise<VerifiedOAuth1<Consumer, Token>>
  /** The realm of the challenges for this request. */
  realm(request: Request): string
  /** A problem error naming the request. */
  problem(code: OAuthProblem, message: string, request: Request, details?: OAuthProblemDetails): OAuthProblemError
  /** The problem response for a refused request; anything that is not an OAuth problem is rethrown. */
  refuse(error: unknown, request: Request, status?: number): Response
  /** 405 with `Allow`, in problem form. */
  methodNotAllowed(request: Request, allowed: readonly string[]): Response
  /** Issues an access token and answers with it (RFC 5849 2.3). */
  issueAccessToken(consumer: Consumer, user: User, grant: 'authorization' | 'xauth'): Promise<Response>
}

function seconds(value: number | undefined, fallback: number | undefined, name: string): number | undefined {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new OAuthError('invalid_options', `oauth1Provider(): ${name} must be a positive number of seconds`)
  }
  return value
}

/** @internal */
export function createProviderContext<User, Consumer extends ConsumerRecord>(
  options: OAuth1ProviderOptions<User, Consumer>,
): ProviderContext<User, Consumer> {
  if (typeof options !== 'object' || options === null || typeof options.consumers?.findConsumer !== 'function') {
    throw new OAuthError('invalid_options', 'oauth1Provider(): consumers (a ConsumerStore with findConsumer) is required')
  }
  const now = options.now ?? Date.now
  const generateId = options.generateId ?? defaultGenerateId
  const requestTokenLifetimeMs = (seconds(options.requestTokenLifetimeSeconds, 600, 'requestTokenLifetimeSeconds') as number) * 1000
  const accessSeconds = seconds(options.accessTokenLifetimeSeconds, undefined, 'accessTokenLifetimeSeconds')
  const retainSeconds = options.retainExpiredTokensSeconds ?? 3600
  if (typeof retainSeconds !== 'number' || !Number.isFinite(retainSeconds) || retainSeconds < 0) {
    throw new OAuthError('invalid_options', 'oauth1Provider(): retainExpiredTokensSeconds must be zero or more seconds')
  }
  seconds(options.timestampWindowSeconds, undefined, 'timestampWindowSeconds')
  const { maxParameters } = options
  if (maxParameters !== undefined && (typeof maxParameters !== 'number' || !(maxParameters >= 0))) {
    throw new OAuthError('invalid_options', 'oauth1Provider(): maxParameters must be a number, 0 or more')
  }
  if (options.realm !== undefined && (typeof options.realm !== 'string' || !/^[\x20-\x7e]*$/.test(options.realm))) {
    throw new OAuthError('invalid_options', 'oauth1Provider(): realm must be printable ASCII')
  }
  const tokens = options.tokens ?? new MemoryProviderTokenStore<User>({ now })
  const nonceStore = options.nonceStore ?? new MemoryNonceStore({ now })
  const consumers = options.consumers
  const realmOf = (request: Request): string => options.realm ?? new URL(request.url).origin

  const id = (kind: IdKind): string => {
    const value = generateId(kind)
    if (typeof value !== 'string' || value === '')
      throw new OAuthError('invalid_options', `oauth1Provider(): generateId('${kind}') must return a non-empty string`)
    return value
  }

  const context: ProviderContext<User, Consumer> = {
    options,
    consumers,
    tokens,
    nonceStore,
    now,
    id,
    requestTokenLifetimeMs,
    accessTokenLifetimeMs: accessSeconds === undefined ? undefined : accessSeconds * 1000,
    retainMs: retainSeconds * 1000,
    retention: (expiresAt) => ({ ttlSeconds: Math.max(1, expiresAt + context.retainMs - now()) / 1000 }),

    verify: (request, lookupToken, policy = {}) =>
      verifyOAuth1(request, {
        lookupConsumer: (key) => consumers.findConsumer(key),
        lookupToken,
        requireToken: policy.requireToken,
        requireBodyHash: policy.requireBodyHash,
        nonceStore,
        now,
        timestampWindowSeconds: options.timestampWindowSeconds,
        allowedSignatureMethods: options.allowedSignatureMethods,
        allowCopiedParameters: options.allowCopiedParameters,
        maxParameters: options.maxParameters,
      }),

    realm: realmOf,

    problem: (code, message, request, details) => new OAuthProblemError(code, `${message} (${describeRequest(request)})`, details),

    refuse(error, request, status) {
      const problem = asProblem(error)
      if (problem === undefined) throw error
      return problemResponse(problem, { realm: realmOf(request), status: status ?? statusOf(error, request) })
    },

    methodNotAllowed(request, allowed) {
      const error = context.problem('parameter_rejected', `${request.method} is not allowed here; use ${allowed.join(' or ')}`, request)
      return problemResponse(error, { realm: realmOf(request), status: 405, headers: { allow: allowed.join(', ') } })
    },

    async issueAccessToken(consumer, user, grant) {
      const issuedAt = now()
      const record: AccessTokenRecord<User> = {
        token: id('access_token'),
        secret: id('access_token_secret'),
        consumerKey: consumer.key,
        user,
        issuedAt,
      }
      const lifetime = context.accessTokenLifetimeMs
      if (lifetime !== undefined) record.expiresAt = issuedAt + lifetime
      const extra = (await options.accessTokenFields?.({ user, consumer, token: record.token, grant })) ?? {}
      const fields: [string, string][] = [
        ['oauth_token', record.token],
        ['oauth_token_secret', record.secret],
      ]
      for (const [name, value] of Object.entries(extra)) {
        if (name.startsWith('oauth_'))
          throw new OAuthError('invalid_options', `accessTokenFields: ${name} is reserved; fields may not start with oauth_`)
        fields.push([name, String(value)])
      }
      await tokens.saveAccessToken(record, { ttlSeconds: lifetime === undefined ? undefined : (lifetime + context.retainMs) / 1000 })
      return formResponse(fields)
    },
  }
  return context
}
