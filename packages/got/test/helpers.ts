import type { OAuth1Options, OAuth1Signer, VerifiedOAuth1 } from '@oauthkit/core'
import { parseForm } from '@oauthkit/core/oauth1'
import type { Answer, Received, VerifyingServer } from '@oauthkit/test-support'
import { countedSigner, startVerifyingServer } from '@oauthkit/test-support'
import type { Got } from 'got'
import got16 from 'got'
import got14 from 'got14'

export type { Answer, Received } from '@oauthkit/test-support'
export { credentialsIn, NOW_SECONDS, sortedPairs } from '@oauthkit/test-support'

/** Both majors; got 14 is typed as got 16, whose API it shares for everything the tests use. */
export const MAJORS: [string, Got][] = [
  ['got@14', got14 as unknown as Got],
  ['got@16', got16],
]

export const CONSUMER = { key: 'got-consumer', secret: 'got consumer&secret' }
export const TOKEN = { token: 'got-token', secret: 'got/token+secret' }

/** A signer with the fixed clock and counted nonces, unique in the test file (`n1`, `n2`, …). */
export const signer = (extra: Partial<OAuth1Options> = {}): OAuth1Signer => countedSigner({ consumer: CONSUMER, token: TOKEN }, extra)

/** How many times a form or query string carries a name. */
export const count = (text: string, name: string): number => parseForm(text.replace(/^\?/, '')).filter(([key]) => key === name).length

export type TestServer = VerifyingServer

/**
 * The verifying loopback server (see `@oauthkit/test-support`) with one rule of the got suites:
 * `/flaky/N/…` answers 503 to the first N requests for that path. With `dual`, the same port also
 * speaks TLS.
 */
export async function startServer(options: { dual?: boolean } = {}): Promise<TestServer> {
  let hits = new Map<string, number>()
  const server = await startVerifyingServer({
    consumer: CONSUMER,
    token: TOKEN,
    dual: options.dual ?? false,
    respond: ({ url }) => {
      const hit = (hits.get(url.pathname) ?? 0) + 1
      hits.set(url.pathname, hit)
      const flaky = /^\/flaky\/(\d+)\//.exec(url.pathname)
      return flaky && hit <= Number(flaky[1]) ? { status: 503 } : undefined
    },
  })
  return {
    ...server,
    reset() {
      server.reset()
      hits = new Map()
    },
  }
}

/** A redirect answer. */
export const redirect =
  (status: number, location: string | ((received: Received) => string)): ((received: Received) => Answer) =>
  (received) => ({ status, headers: { location: typeof location === 'string' ? location : location(received) } })

/** The verification of a request that must have verified. */
export function verified(received: Received | undefined): VerifiedOAuth1 {
  if (received === undefined) throw new Error('no such request')
  if (received.verified === undefined) throw new Error(`the request did not verify: ${received.problem}`)
  return received.verified
}

/** The error a promise rejects with (the suites' one helper for it). */
export { failure } from '../../../test/fixtures/failure.ts'
