// (c) OAuth 2 at token expiry: 1000 requests start together through the fetch adapter while the
// access token has expired; they must cause exactly one token request (a refresh) and all succeed.
// Measured: the time from the first request to the last response, against the same 1000 requests
// with a valid token. Runs only once `oauth2` is exported by @oauthkit/core.
import * as core from '@oauthkit/core'
import { withOAuth } from '@oauthkit/fetch'
import { median, round3 } from './compare.mjs'

const CONCURRENT = 1000

/** @param {{ origin: string, counters(): Promise<object>, reset(): Promise<object> }} server */
export async function oauth2Benchmark(server, { rounds = 5 } = {}) {
  if (typeof core.oauth2 !== 'function') return { skipped: 'oauth2 is not exported by @oauthkit/core yet' }
  const expired = { access_token: 'expired-token', token_type: 'Bearer', expires_at: 1, refresh_token: 'refresh-1' }
  const drain = async (auth) => {
    const signedFetch = withOAuth(fetch, auth)
    const started = performance.now()
    const statuses = await Promise.all(
      Array.from({ length: CONCURRENT }, async (_, i) => {
        const response = await signedFetch(`${server.origin}/protected?i=${i}`)
        await response.arrayBuffer()
        return response.status
      }),
    )
    return { ms: performance.now() - started, ok: statuses.every((status) => status === 200) }
  }
  const make = (token) =>
    core.oauth2({ tokenEndpoint: `${server.origin}/token`, clientId: 'bench-client', clientSecret: 'bench-secret', token })

  // Warm up the connections and the code paths once, then measure rounds of each.
  await drain(make({ ...expired }))
  const atExpiry = []
  const valid = []
  const tokenRequests = []
  let allOk = true
  for (let round = 0; round < rounds; round++) {
    await server.reset()
    const expiring = await drain(make({ ...expired }))
    const { token } = await server.counters()
    tokenRequests.push(token)
    const fresh = await drain(make({ access_token: 'fresh-token', token_type: 'Bearer', expires_in: 3600 }))
    atExpiry.push(expiring.ms)
    valid.push(fresh.ms)
    allOk &&= expiring.ok && fresh.ok
  }
  const drainMs = round3(median(atExpiry))
  const validMs = round3(median(valid))
  return {
    concurrent: CONCURRENT,
    tokenRequestsPerRound: tokenRequests,
    singleFlight: tokenRequests.every((count) => count === 1),
    allSucceeded: allOk,
    drainAtExpiryMs: drainMs,
    drainWithValidTokenMs: validMs,
    ratio: round3(drainMs / validMs),
  }
}
