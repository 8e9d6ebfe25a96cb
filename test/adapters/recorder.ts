import type { VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, verifyOAuth1 } from '@oauthkit/core'
import { parseForm, SIGNATURE_METHODS } from '@oauthkit/core/oauth1'

/** The fixed clock of the adapter suites: signers use this timestamp, verifiers this time. */
export const NOW_SECONDS = 1_700_000_000
export const CONSUMER = { key: 'contract-consumer', secret: 'contract consumer secret' }
export const TOKEN = { token: 'contract-token', secret: 'contract/token+secret' }

/** One request as a test server received it, and what verifyOAuth1 made of it. */
export interface Recorded {
  method: string
  /** The absolute URL as received. */
  url: string
  path: string
  headers: Headers
  body: string
  /** The verification result when the request verified. */
  verified?: VerifiedOAuth1
  /** The OAuth problem code when it did not. */
  problem?: string
}

/** Whether a received request carried any OAuth credential: a header, or oauth_* in query or form body. */
export function carriesCredentials(recorded: Recorded): boolean {
  if (recorded.headers.has('authorization')) return true
  const query = new URL(recorded.url).search.slice(1)
  const form = /application\/x-www-form-urlencoded/i.test(recorded.headers.get('content-type') ?? '') ? recorded.body : ''
  return [...parseForm(query), ...parseForm(form)].some(([name]) => name.startsWith('oauth_'))
}

/**
 * The behaviour shared by the loopback server and the msw handlers: verify, record, route.
 * Routes: `/redirect?status=307&to=URL` redirects; `/flaky?key=K` answers 503 the first time for K;
 * anything else answers 200 with what was verified.
 */
export class Recorder {
  readonly requests: Recorded[] = []
  readonly #nonceStore = new MemoryNonceStore({ now: () => NOW_SECONDS * 1000 })
  readonly #flaky = new Set<string>()

  reset(): void {
    this.requests.length = 0
    this.#flaky.clear()
  }

  async handle(
    method: string,
    url: string,
    headers: Headers,
    body: string,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const recorded: Recorded = { method, url, path: new URL(url).pathname, headers, body }
    try {
      recorded.verified = await verifyOAuth1(
        { method, url, headers, body },
        {
          lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : undefined),
          lookupToken: (token) => (token === TOKEN.token ? { secret: TOKEN.secret } : undefined),
          nonceStore: this.#nonceStore,
          now: () => NOW_SECONDS * 1000,
          allowedSignatureMethods: SIGNATURE_METHODS,
          allowCopiedParameters: true,
        },
      )
    } catch (error) {
      if (!isOAuthError(error)) throw error
      recorded.problem = error.code
    }
    this.requests.push(recorded)
    const parsed = new URL(url)
    if (parsed.pathname === '/redirect') {
      return { status: Number(parsed.searchParams.get('status')), headers: { location: parsed.searchParams.get('to') ?? '/' }, body: '' }
    }
    if (parsed.pathname === '/unauthorized-once') {
      const key = `401:${parsed.searchParams.get('key') ?? ''}`
      if (!this.#flaky.has(key)) {
        this.#flaky.add(key)
        return { status: 401, headers: { 'www-authenticate': 'OAuth oauth_problem="timestamp_refused"' }, body: '' }
      }
    }
    if (parsed.pathname === '/always-unauthorized') {
      return { status: 401, headers: { 'www-authenticate': 'OAuth oauth_problem="token_expired"' }, body: '' }
    }
    if (parsed.pathname === '/problem') {
      return { status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'oauth_problem=signature_invalid' }
    }
    if (parsed.pathname === '/flaky') {
      const key = parsed.searchParams.get('key') ?? ''
      if (!this.#flaky.has(key)) {
        this.#flaky.add(key)
        return { status: 503, headers: { 'retry-after': '0' }, body: 'try again' }
      }
    }
    return {
      status: recorded.verified ? 200 : 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ problem: recorded.problem, location: recorded.verified?.location }),
    }
  }
}
