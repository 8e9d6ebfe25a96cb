// The Node side of the browser tests: a loopback server that verifies every OAuth 1.0a request with
// the core's verifier (Node crypto) and answers with what it found, with the CORS headers a page on
// another origin needs. Its origin, the credentials and the RSA keys reach the tests through `provide`.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isOAuthError, MemoryNonceStore, verifyOAuth1 } from '@oauthkit/core'
import { parseForm, SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import type { TestProject } from 'vitest/node'

/** The fixed clock of the browser tests: signers use this timestamp, the server this time. */
export const NOW_SECONDS = 1_700_000_000
const CONSUMER = { key: 'browser-consumer', secret: 'browser consumer secret' }
const TOKEN = { token: 'browser-token', secret: 'browser/token+secret' }
const key = (name: string): string => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8')

/** What the server answers to every request that is not a preflight. */
export interface Verdict {
  verified: boolean
  problem?: string
  method: string
  path: string
  signatureMethod?: string
  location?: string
  /** The request's query and form parameters, `oauth_*` left out. */
  parameters: [string, string][]
}

declare module 'vitest' {
  export interface ProvidedContext {
    oauthServer: {
      origin: string
      now: number
      consumer: { key: string; secret: string }
      token: { token: string; secret: string }
      rsaPrivatePkcs8: string
      rsaPrivatePkcs1: string
    }
  }
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const nonceStore = new MemoryNonceStore({ now: () => NOW_SECONDS * 1000 })
  const publicKey = key('rsa-public-spki.pem')
  const server = createServer(async (request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS).end()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item)
    }
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${request.url}`
    const method = request.method ?? 'GET'
    const form = /^application\/x-www-form-urlencoded/i.test(headers.get('content-type') ?? '') ? body : ''
    const verdict: Verdict = {
      verified: false,
      method,
      path: new URL(url).pathname,
      parameters: [...parseForm(new URL(url).search.slice(1)), ...parseForm(form)].filter(([name]) => !name.startsWith('oauth_')),
    }
    try {
      const verified = await verifyOAuth1(
        { method, url, headers, body },
        {
          lookupConsumer: (consumerKey) => (consumerKey === CONSUMER.key ? { secret: CONSUMER.secret, publicKey } : undefined),
          lookupToken: (token) => (token === TOKEN.token ? { secret: TOKEN.secret } : undefined),
          nonceStore,
          now: () => NOW_SECONDS * 1000,
          allowedSignatureMethods: SIGNATURE_METHODS,
        },
      )
      Object.assign(verdict, { verified: true, signatureMethod: verified.signatureMethod, location: verified.location })
    } catch (error) {
      if (!isOAuthError(error)) throw error
      verdict.problem = error.code
    }
    response.writeHead(verdict.verified ? 200 : 401, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify(verdict))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  project.provide('oauthServer', {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    now: NOW_SECONDS,
    consumer: CONSUMER,
    token: TOKEN,
    rsaPrivatePkcs8: key('rsa-private-pkcs8.pem'),
    rsaPrivatePkcs1: key('rsa-private-pkcs1.pem'),
  })
  return () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close((error) => (error ? reject(error) : resolve()))
    })
}
