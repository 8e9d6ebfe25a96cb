import type { OAuth1Options, OAuth1Signer } from '@oauthkit/core'
import type { Received, VerifyingServer } from '@oauthkit/test-support'
import { countedSigner, sortedPairs, startVerifyingServer } from '@oauthkit/test-support'

export type { Received } from '@oauthkit/test-support'
export { credentialsIn, NOW_SECONDS } from '@oauthkit/test-support'
export const CONSUMER = { key: 'axios-consumer', secret: 'axios consumer&secret' }
export const TOKEN = { token: 'axios-token', secret: 'axios/token+secret' }

/** A signer with the fixed clock and counted nonces (`n1`, `n2`, …, never the same twice in a file). */
export const signer = (extra: Partial<OAuth1Options> = {}): OAuth1Signer => countedSigner({ consumer: CONSUMER, token: TOKEN }, extra)

/** The query and form parameters of a verified request, sorted. */
export const sortedParameters = (received: Received | undefined): [string, string][] => sortedPairs(received?.verified?.parameters)

export type TestServer = VerifyingServer

/**
 * The verifying loopback server with one route of the axios suites besides the standard ones:
 * `/moved?status=S&to=ORIGIN` answers S with `Location: ORIGIN/elsewhere` and the request's whole
 * query (a site moved to another origin).
 */
export function startServer(): Promise<TestServer> {
  return startVerifyingServer({
    consumer: CONSUMER,
    token: TOKEN,
    respond: ({ url }) =>
      url.pathname === '/moved'
        ? {
            status: Number(url.searchParams.get('status')),
            headers: { location: `${url.searchParams.get('to')}/elsewhere${url.search}` },
            body: 'moved',
          }
        : undefined,
  })
}
