import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { createServer as createNetServer } from 'node:net'
import type { OAuth1Options, OAuth1Signer, VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { parseForm } from '@oauthkit/core/oauth1'
import type { Got } from 'got'
import got16 from 'got'
import got14 from 'got14'

/** Both majors; got 14 is typed as got 16, whose API it shares for everything the tests use. */
export const MAJORS: [string, Got][] = [
  ['got@14', got14 as unknown as Got],
  ['got@16', got16],
]

/** The fixed clock: signers use this timestamp, servers verify at this time. */
export const NOW_SECONDS = 1_700_000_000
export const CONSUMER = { key: 'got-consumer', secret: 'got consumer&secret' }
export const TOKEN = { token: 'got-token', secret: 'got/token+secret' }

let nonces = 0

/** A signer with the fixed clock and counted nonces, unique in the test file (`n1`, `n2`, …). */
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

/** One request as a server received it, and what verifyOAuth1 made of it. */
export interface Received {
  method: string
  url: URL
  headers: Headers
  body: string
  verified?: VerifiedOAuth1
  problem?: string
}

/** What a route answers. */
export interface Answer {
  status: number
  headers?: Record<string, string>
}

/** Every credential a request carried: `authorization`, and the oauth_* names of its query and form body. */
export function credentialsIn(received: Received): string[] {
  const form = /application\/x-www-form-urlencoded/i.test(received.headers.get('content-type') ?? '') ? received.body : ''
  const names = [...parseForm(received.url.search.slice(1)), ...parseForm(form)]
    .map(([name]) => name)
    .filter((name) => name.startsWith('oauth_'))
  return received.headers.has('authorization') ? ['authorization', ...names] : names
}

/** The query and form parameters of a verified request, sorted. */
export const sortedPairs = (pairs: readonly [string, string][] | undefined): [string, string][] =>
  [...(pairs ?? [])].sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : 1))

/** How many times a form or query string carries a name. */
export const count = (text: string, name: string): number => parseForm(text.replace(/^\?/, '')).filter(([key]) => key === name).length

export interface TestServer {
  /** `http://127.0.0.1:PORT` (and `https://127.0.0.1:PORT` on a dual server). */
  origin: string
  requests: Received[]
  /** Answers `path` (a pathname) with `answer` instead of the verification result. */
  route(path: string, answer: (received: Received) => Answer): void
  reset(): void
  close(): Promise<void>
}

/**
 * A loopback server that verifies and records every request (a fresh nonce store for each server).
 * Routes added with `route()` answer first; `/flaky/N/…` answers 503 to the first N requests for that
 * path; anything else answers 200 when the request verified, 401 otherwise. With `dual`, the same port
 * also speaks TLS (self-signed certificate): `https://127.0.0.1:PORT` and `http://127.0.0.1:PORT`
 * are then two origins on one host and port.
 */
export async function startServer(options: { dual?: boolean } = {}): Promise<TestServer & { secureOrigin: string }> {
  const requests: Received[] = []
  const routes = new Map<string, (received: Received) => Answer>()
  const hits = new Map<string, number>()
  const nonceStore = new MemoryNonceStore({ now: () => NOW_SECONDS * 1000 })

  async function handle(scheme: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item)
    }
    const url = new URL(request.url ?? '/', `${scheme}://127.0.0.1:${port}`)
    const received: Received = { method: request.method ?? 'GET', url, headers, body: Buffer.concat(chunks).toString('utf8') }
    try {
      received.verified = await verifyOAuth1(
        { method: received.method, url, headers, body: received.body },
        {
          lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : undefined),
          lookupToken: (token) => (token === TOKEN.token ? { secret: TOKEN.secret } : undefined),
          nonceStore,
          now: () => NOW_SECONDS * 1000,
          allowCopiedParameters: true,
        },
      )
    } catch (error) {
      if (!isOAuthError(error)) throw error
      received.problem = error.code
    }
    requests.push(received)
    const hit = (hits.get(url.pathname) ?? 0) + 1
    hits.set(url.pathname, hit)
    const flaky = /^\/flaky\/(\d+)\//.exec(url.pathname)
    const route = routes.get(url.pathname)
    const answer: Answer = route
      ? route(received)
      : flaky && hit <= Number(flaky[1])
        ? { status: 503 }
        : { status: received.verified ? 200 : 401, headers: { 'content-type': 'application/json' } }
    response.writeHead(answer.status, answer.headers)
    response.end(JSON.stringify({ problem: received.problem, location: received.verified?.location }))
  }

  const plain = createHttpServer((request, response) => void handle('http', request, response))
  const secure = createHttpsServer(
    {
      key: readFileSync(new URL('./fixtures/loopback-key.pem', import.meta.url)),
      cert: readFileSync(new URL('./fixtures/loopback-cert.pem', import.meta.url)),
    },
    (request, response) => void handle('https', request, response),
  )
  const sockets = new Set<Socket>()
  // One port for both schemes: a TLS handshake starts with the byte 0x16, plain HTTP with a method name.
  const server = createNetServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null
      if (first === null) return
      socket.unshift(first)
      ;(first[0] === 0x16 && options.dual ? secure : plain).emit('connection', socket)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    origin: `http://127.0.0.1:${port}`,
    secureOrigin: `https://127.0.0.1:${port}`,
    requests,
    route: (path, answer) => routes.set(path, answer),
    reset() {
      requests.length = 0
      routes.clear()
      hits.clear()
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
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

/** The error a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('the request did not fail')
}
