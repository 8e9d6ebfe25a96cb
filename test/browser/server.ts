// The Node side of the browser tests: a loopback server that verifies every OAuth 1.0a request with
// the core's verifier (Node crypto) and answers with what it found, with the CORS headers a page on
// another origin needs. Its origin, the credentials and the RSA keys reach the tests through `provide`.
import { readFileSync } from 'node:fs'
import { parseForm, SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import type { Received } from '@oauthkit/test-support'
import { NOW_SECONDS, startVerifyingServer } from '@oauthkit/test-support'
import type { TestProject } from 'vitest/node'

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

function verdict({ method, url, headers, body, verified, problem }: Received): Verdict {
  const form = /^application\/x-www-form-urlencoded/i.test(headers.get('content-type') ?? '') ? body : ''
  return {
    verified: verified !== undefined,
    ...(problem === undefined ? {} : { problem }),
    method,
    path: url.pathname,
    ...(verified ? { signatureMethod: verified.signatureMethod, location: verified.location } : {}),
    parameters: [...parseForm(url.search.slice(1)), ...parseForm(form)].filter(([name]) => !name.startsWith('oauth_')),
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startVerifyingServer({
    consumer: { ...CONSUMER, publicKey: key('rsa-public-spki.pem') },
    token: TOKEN,
    allowedSignatureMethods: SIGNATURE_METHODS,
    respond: (received) =>
      received.method === 'OPTIONS'
        ? { status: 204, headers: CORS, body: '' }
        : {
            status: received.verified ? 200 : 401,
            headers: { ...CORS, 'content-type': 'application/json' },
            body: JSON.stringify(verdict(received)),
          },
  })
  project.provide('oauthServer', {
    origin: server.origin,
    now: NOW_SECONDS,
    consumer: CONSUMER,
    token: TOKEN,
    rsaPrivatePkcs8: key('rsa-private-pkcs8.pem'),
    rsaPrivatePkcs1: key('rsa-private-pkcs1.pem'),
  })
  return () => server.close()
}
