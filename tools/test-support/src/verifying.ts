import type { OAuth1Options, OAuth1Signer, SignatureMethod, VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { parseForm } from '@oauthkit/core/oauth1'

/** The fixed clock of the suites: signers use this timestamp, verifiers this time. */
export const NOW_SECONDS = 1_700_000_000

/** The one consumer and the one token a verifying server knows. */
export interface Credentials {
  /** `publicKey` (PEM) lets the consumer sign with RSA-* too. */
  consumer: { key: string; secret: string; publicKey?: string }
  token: { token: string; secret: string }
}

let nonces = 0
/** A signer of `credentials` with the fixed clock and counted nonces (`n1`, `n2`, …, never the same twice in a file). */
export function countedSigner({ consumer, token }: Credentials, extra: Partial<OAuth1Options> = {}): OAuth1Signer {
  return oauth1({
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    token: token.token,
    tokenSecret: token.secret,
    timestamp: NOW_SECONDS,
    nonce: () => `n${++nonces}`,
    ...extra,
  })
}

/** One request as a server received it, and what verifyOAuth1 made of it. */
export interface Received {
  method: string
  url: URL
  headers: Headers
  body: string
  /** The verification result when the request verified. */
  verified?: VerifiedOAuth1
  /** The OAuth problem code when it did not. */
  problem?: string
}

/** What a route answers; `body` defaults to the JSON `{ problem, location }` of the verification. */
export interface Answer {
  status: number
  headers?: Record<string, string>
  body?: string
}

/** A route: an answer, or undefined to leave the request to the next one. */
export type Respond = (received: Received) => Answer | undefined

/** Options of {@link VerifyingResponder}. */
export interface VerifyingOptions extends Credentials {
  /** The signature methods accepted; verifyOAuth1's default when not given. */
  allowedSignatureMethods?: readonly SignatureMethod[]
  /** Answers before the standard routes (after those added with `route()`). */
  respond?: Respond
}

/** Every credential a request carried: `authorization`, and the oauth_* names of its query and form body. */
export function credentialsIn(received: Received): string[] {
  const form = /application\/x-www-form-urlencoded/i.test(received.headers.get('content-type') ?? '') ? received.body : ''
  const names = [...parseForm(received.url.search.slice(1)), ...parseForm(form)]
    .map(([name]) => name)
    .filter((name) => name.startsWith('oauth_'))
  return received.headers.has('authorization') ? ['authorization', ...names] : names
}

/** Whether a request carried any OAuth credential. */
export const carriesCredentials = (received: Received): boolean => credentialsIn(received).length > 0

/** Name–value pairs, sorted (to compare parameters whatever their order). */
export const sortedPairs = (pairs: readonly [string, string][] | undefined): [string, string][] =>
  [...(pairs ?? [])].sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1))

/**
 * Verifies and records every request with a fresh nonce store, then answers: a route added with
 * `route(path, …)`, else `respond`, else the standard routes — `/redirect?status=S&to=URL` answers S
 * with `Location: URL`, `/loop` redirects to itself, `/flaky?key=K` answers 503 the first time for K —
 * else 200 when the request verified and 401 otherwise. The loopback server and the msw handler share it.
 */
export class VerifyingResponder {
  readonly requests: Received[] = []
  readonly #options: VerifyingOptions
  readonly #routes = new Map<string, Respond>()
  readonly #flaky = new Set<string>()
  readonly #nonceStore = new MemoryNonceStore({ now: () => NOW_SECONDS * 1000 })

  constructor(options: VerifyingOptions) {
    this.#options = options
  }

  /** Answers requests to `path` (a pathname) with `answer` instead. */
  route(path: string, answer: Respond): void {
    this.#routes.set(path, answer)
  }

  reset(): void {
    this.requests.length = 0
    this.#routes.clear()
    this.#flaky.clear()
  }

  #first(key: string): boolean {
    if (this.#flaky.has(key)) return false
    this.#flaky.add(key)
    return true
  }

  async handle(method: string, url: URL, headers: Headers, body: string): Promise<Answer & { body: string }> {
    const { consumer, token, allowedSignatureMethods } = this.#options
    const received: Received = { method, url, headers, body }
    try {
      received.verified = await verifyOAuth1(
        { method, url, headers, body },
        {
          lookupConsumer: (key) => (key === consumer.key ? { secret: consumer.secret, publicKey: consumer.publicKey } : undefined),
          // Bound to its consumer, as docs/getting-started.md teaches.
          lookupToken: (value, consumerKey) =>
            value === token.token && consumerKey === consumer.key ? { secret: token.secret } : undefined,
          nonceStore: this.#nonceStore,
          now: () => NOW_SECONDS * 1000,
          ...(allowedSignatureMethods ? { allowedSignatureMethods } : {}),
          allowCopiedParameters: true, // the 'header+query' and 'header+body' placements
        },
      )
    } catch (error) {
      if (!isOAuthError(error)) throw error
      received.problem = error.code
    }
    this.requests.push(received)
    const answer = this.#routes.get(url.pathname)?.(received) ??
      this.#options.respond?.(received) ??
      this.#standard(received) ?? {
        status: received.verified ? 200 : 401,
        headers: { 'content-type': 'application/json' },
      }
    return { ...answer, body: answer.body ?? JSON.stringify({ problem: received.problem, location: received.verified?.location }) }
  }

  #standard({ url }: Received): Answer | undefined {
    if (url.pathname === '/redirect') {
      return {
        status: Number(url.searchParams.get('status')),
        headers: { location: url.searchParams.get('to') ?? '/' },
        body: 'redirecting',
      }
    }
    if (url.pathname === '/loop') return { status: 302, headers: { location: '/loop' }, body: '' }
    if (url.pathname === '/flaky' && this.#first(url.searchParams.get('key') ?? '')) {
      return { status: 503, headers: { 'retry-after': '0' }, body: 'try again' }
    }
    return undefined
  }
}
