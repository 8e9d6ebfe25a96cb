import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { OAuth1Options, OAuth1Signer, VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { parseForm } from '@oauthkit/core/oauth1'

/** The fixed clock: signers use this timestamp, the server verifies at this time. */
export const NOW_SECONDS = 1_700_000_000
export const CONSUMER = { key: 'axios-consumer', secret: 'axios consumer&secret' }
export const TOKEN = { token: 'axios-token', secret: 'axios/token+secret' }

let nonces = 0
/** A signer with the fixed clock and counted nonces (`n1`, `n2`, …, never the same twice in a file). */
export function signer(extra: Partial<OAuth1Options> = {}): OAuth1Signer {
  return oauth1({
    consumerKey: CONSUMER.key,
    consumerSecret: CONSUMER.secret,
    token: TOKEN.token,
    tokenSecret: TOKEN.secret,
    timestamp: NOW_SECONDS,
    nonce: () => `n${++nonces}`,
    ...extra,
  })
}

/** One request as the server received it, and what verifyOAuth1 made of it. */
export interface Received {
  method: string
  url: URL
  headers: Headers
  body: string
  verified?: VerifiedOAuth1
  problem?: string
}

/** Every oauth_* parameter and Authorization header a request carried. */
export function credentialsIn(received: Received): string[] {
  const form = /application\/x-www-form-urlencoded/i.test(received.headers.get('content-type') ?? '') ? received.body : ''
  const names = [...parseForm(received.url.search.slice(1)), ...parseForm(form)]
    .map(([name]) => name)
    .filter((name) => name.startsWith('oauth_'))
  return received.headers.has('authorization') ? ['authorization', ...names] : names
}

/** The query and form parameters of a verified request, sorted. */
export const sortedParameters = (received: Received | undefined): [string, string][] =>
  [...(received?.verified?.parameters ?? [])].sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1))

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  requests: Received[]
  close(): Promise<void>
}

/**
 * A loopback server that verifies every request with a fresh nonce store. Routes:
 * `/redirect?status=S&to=URL` answers S with `Location: URL`; `/moved?status=S&to=ORIGIN` answers S with
 * `Location: ORIGIN/elsewhere` and the request's whole query (a site moved to another origin); `/loop` redirects to itself; `/flaky?key=K` answers 503 the first
 * time for K; anything else answers 200 when the request verified, 401 otherwise.
 */
export async function startServer(): Promise<TestServer> {
  const requests: Received[] = []
  const nonceStore = new MemoryNonceStore({ now: () => NOW_SECONDS * 1000 })
  const flaky = new Set<string>()
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item)
    }
    const url = new URL(request.url ?? '/', origin)
    const received: Received = { method: request.method ?? 'GET', url, headers, body: Buffer.concat(chunks).toString('utf8') }
    try {
      received.verified = await verifyOAuth1(
        { method: received.method, url, headers, body: received.body },
        {
          lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : undefined),
          lookupToken: (token) => (token === TOKEN.token ? { secret: TOKEN.secret } : undefined),
          nonceStore,
          now: () => NOW_SECONDS * 1000,
          allowCopiedParameters: true, // the 'header+query' and 'header+body' placements
        },
      )
    } catch (error) {
      if (!isOAuthError(error)) throw error
      received.problem = error.code
    }
    requests.push(received)
    if (url.pathname === '/redirect') {
      response.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to') ?? '/' })
      response.end('redirecting')
      return
    }
    if (url.pathname === '/moved') {
      response.writeHead(Number(url.searchParams.get('status')), { location: `${url.searchParams.get('to')}/elsewhere${url.search}` })
      response.end('moved')
      return
    }
    if (url.pathname === '/loop') {
      response.writeHead(302, { location: '/loop' })
      response.end()
      return
    }
    if (url.pathname === '/flaky' && !flaky.has(url.searchParams.get('key') ?? '')) {
      flaky.add(url.searchParams.get('key') ?? '')
      response.writeHead(503, { 'retry-after': '0' })
      response.end('try again')
      return
    }
    response.writeHead(received.verified ? 200 : 401, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ problem: received.problem, location: received.verified?.location }))
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
