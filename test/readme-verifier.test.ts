// The README's verifier example, run as it is written: an app that copies it must refuse an access
// token presented with another registered consumer's key, since a token lookup that ignores the
// consumer lets a leaked token and its secret work with any consumer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { oauth1 } from '@oauthkit/core'
import { parseAuthorizationHeader } from '@oauthkit/core/oauth1'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'

const root = new URL('../', import.meta.url)
const NOW_MS = 1_700_000_000_000

/** The ```ts block of the README that defines the verifying `handle`, written out as a module. */
function readmeExample(): string {
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string)
  const example = blocks.find((code) => code.includes('verifyOAuth1(') && code.includes('export async function handle'))
  if (example === undefined) throw new Error('README.md has no verifier example defining handle()')
  const dir = new URL('.tmp/readme-examples/', root)
  mkdirSync(dir, { recursive: true })
  const file = new URL('verifier.ts', dir)
  writeFileSync(file, example)
  return fileURLToPath(file)
}

let handle: (request: Request) => Promise<Response>
beforeAll(async () => {
  // The example verifies on the real clock (Date.now) and so does the signer: both read a fixed Date.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW_MS })
  ;({ handle } = await import(/* @vite-ignore */ readmeExample()))
})
afterAll(() => {
  vi.useRealTimers()
})

async function send(consumerKey: string, consumerSecret: string, nonce: string): Promise<Response> {
  const signer = oauth1({ consumerKey, consumerSecret, token: 'nnch734d00sl2jdk', tokenSecret: 'pfkkdhi9sl3r4s00', nonce: () => nonce })
  const signed = await signer.sign({ method: 'GET', url: 'https://photos.example.net/photos?size=original' })
  return handle(new Request(signed.url, { headers: signed.headers }))
}

describe("the README's verifier example", () => {
  test('accepts the access token with the consumer it was issued to', async () => {
    const response = await send('dpf43f3p2l4k3l03', 'kd94hf93k423kf44', 'nonce-1')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ consumer: 'dpf43f3p2l4k3l03', token: 'nnch734d00sl2jdk' })
  })

  test('refuses it (401 token_rejected) with another registered consumer that knows the token secret', async () => {
    const response = await send('scanner-app', 'scanner-app-secret', 'nonce-2')
    expect(response.status).toBe(401)
    const challenge = parseAuthorizationHeader(response.headers.get('www-authenticate') ?? '')
    expect(challenge?.parameters).toEqual([['oauth_problem', 'token_rejected']])
  })

  test('answers 413 to a body of more than 1000 parameters, without asking who signed it', async () => {
    const body = Array.from({ length: 1001 }, (_, i) => `p${i}=%`).join('&')
    const request = new Request('https://photos.example.net/photos', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect((await handle(request)).status).toBe(413)
  })
})
