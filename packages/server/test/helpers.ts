import type { OAuth1Options, OAuth1Signer } from '@oauthkit/core'
import { oauth1 } from '@oauthkit/core'
import type { ParsedAuthorizationHeader } from '@oauthkit/core/oauth1'
import { parseAuthorizationHeader, parseForm } from '@oauthkit/core/oauth1'
import type { IdKind, OAuth1Provider, OAuth1ProviderOptions } from '@oauthkit/server'
import { MemoryConsumerStore, oauth1Provider } from '@oauthkit/server'
import { expect } from 'vitest'

/** The fixed start of every test clock: 2023-11-14T22:13:20Z. */
export const NOW_SECONDS = 1_700_000_000
export const ORIGIN = 'https://photos.example.net'
export const REALM = 'Photos'
export const CALLBACK = 'https://printer.example.com/ready?session=a%20b'

export const CONSUMER = { key: 'printer-app', secret: 'printer secret&/+=', name: 'Printer <Pro>' }
export const OTHER_CONSUMER = { key: 'scanner-app', secret: 'scanner secret' }
export const PASSWORD = 'correct horse battery staple'

export interface TestUser {
  id: string
  name: string
}
export const JANE: TestUser = { id: 'u-1', name: 'jane' }

/** A clock the tests move by hand. */
export class TestClock {
  ms = NOW_SECONDS * 1000
  readonly now = (): number => this.ms
  get seconds(): number {
    return Math.floor(this.ms / 1000)
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000
  }
}

/** Readable, predictable ids: `request_token-1`, `verifier-3`, … */
export function counterIds(prefix = ''): (kind: IdKind) => string {
  let counter = 0
  return (kind) => `${prefix}${kind}-${++counter}`
}

let nonceCounter = 0
/** Nonces unique across a test file (signers differ, the provider's nonce store is shared). */
export const nextNonce = (): string => `nonce-${++nonceCounter}`

/** A consumer signer on the test clock with counter nonces. */
export function consumerSigner(clock: TestClock, extra: Partial<OAuth1Options> = {}): OAuth1Signer {
  return oauth1({
    consumerKey: CONSUMER.key,
    consumerSecret: CONSUMER.secret,
    now: clock.now,
    nonce: nextNonce,
    ...extra,
  })
}

/**
 * The test app's decision: the signed-in user comes from `x-session` (your session cookie), the choice
 * from `x-decision`; without a session, a login page.
 */
export const decide: NonNullable<OAuth1ProviderOptions<TestUser>['decide']> = ({ request }) => {
  const session = request.headers.get('x-session')
  if (session === null) return new Response('<form>log in</form>', { status: 200, headers: { 'content-type': 'text/html' } })
  if (request.headers.get('x-decision') === 'deny') return { deny: true }
  return { approve: true, user: { id: session, name: 'jane' } }
}

export type Send = (request: Request) => Promise<Response>

export interface TestProvider {
  provider: OAuth1Provider<TestUser>
  clock: TestClock
  options: OAuth1ProviderOptions<TestUser>
  /** A consumer's dance with this provider's handler, on its clock. */
  dance: Dance
}

/** A provider with the test consumers, clock, ids, decision and password check. */
export function createTestProvider(overrides: Partial<OAuth1ProviderOptions<TestUser>> = {}, clock = new TestClock()): TestProvider {
  const options: OAuth1ProviderOptions<TestUser> = {
    consumers: new MemoryConsumerStore([CONSUMER, OTHER_CONSUMER]),
    realm: REALM,
    now: clock.now,
    generateId: counterIds(),
    decide,
    xAuth: ({ username, password }) => (username === JANE.name && password === PASSWORD ? { user: JANE } : undefined),
    accessTokenFields: ({ user }) => ({ user_id: user.id, screen_name: user.name }),
    ...overrides,
  }
  const provider = oauth1Provider<TestUser>(options)
  return { provider, clock, options, dance: new Dance(provider.handle, ORIGIN, clock) }
}

/** Signs a request and makes it a Web `Request` (redirects not followed, for fetch). */
export async function signed(
  signer: OAuth1Signer,
  method: string,
  url: string,
  init: { body?: string | URLSearchParams; headers?: Record<string, string> } & Parameters<OAuth1Signer['sign']>[1] = {},
): Promise<Request> {
  const { body, headers: extraHeaders, ...overrides } = init
  const headers = new Headers(extraHeaders)
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded')
  const result = await signer.sign({ method, url, headers, body: body === undefined ? null : String(body) }, overrides)
  return new Request(result.url, {
    method,
    headers: result.headers,
    body: result.body === null ? null : String(result.body),
    redirect: 'manual',
  })
}

/** The form-encoded body of a response as a record (a repeated name fails the test). */
export async function formOf(response: Response): Promise<Record<string, string>> {
  const pairs = parseForm(await response.clone().text())
  expect(new Set(pairs.map(([name]) => name)).size).toBe(pairs.length)
  return Object.fromEntries(pairs)
}

/** The parsed `WWW-Authenticate: OAuth …` challenge. */
export function challengeOf(response: Response): ParsedAuthorizationHeader & { fields: Record<string, string> } {
  const header = response.headers.get('www-authenticate')
  expect(header).not.toBeNull()
  const parsed = parseAuthorizationHeader(header as string)
  expect(parsed).toBeDefined()
  const result = parsed as ParsedAuthorizationHeader
  return { ...result, fields: Object.fromEntries(result.parameters) }
}

/** Expects a problem response: status, problem in the challenge and in the body, with the realm. */
export async function expectProblem(response: Response, status: number, problem: string, realm = REALM): Promise<Record<string, string>> {
  expect({ status: response.status, problem: (await formOf(response)).oauth_problem }).toEqual({ status, problem })
  const challenge = challengeOf(response)
  expect(challenge.realm).toBe(realm)
  expect(challenge.fields.oauth_problem).toBe(problem)
  expect(response.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
  return formOf(response)
}

/** The three steps of the dance against any `send`. */
export class Dance {
  constructor(
    readonly send: Send,
    readonly origin: string,
    readonly clock: TestClock,
  ) {}

  async requestToken(callback = CALLBACK, extra: Partial<OAuth1Options> = {}): Promise<{ token: string; secret: string }> {
    const response = await this.send(
      await signed(consumerSigner(this.clock, { callback, ...extra }), 'POST', `${this.origin}/oauth/request_token`),
    )
    expect(response.status).toBe(200)
    const form = await formOf(response)
    expect(form.oauth_callback_confirmed).toBe('true')
    return { token: form.oauth_token as string, secret: form.oauth_token_secret as string }
  }

  /** The POST of the consent form, as the signed-in user's browser sends it (approval on GET is refused). */
  authorize(token: string, headers: Record<string, string> = { 'x-session': JANE.id }): Promise<Response> {
    const body = new URLSearchParams({ oauth_token: token })
    return this.send(new Request(`${this.origin}/oauth/authorize`, { method: 'POST', headers, body, redirect: 'manual' }))
  }

  /** Authorizes with a callback and returns the verifier from the redirect. */
  async verifierFromRedirect(token: string): Promise<string> {
    const response = await this.authorize(token)
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') as string)
    expect(location.searchParams.get('oauth_token')).toBe(token)
    return location.searchParams.get('oauth_verifier') as string
  }

  async exchange(token: string, secret: string, verifier: string): Promise<Response> {
    const signer = consumerSigner(this.clock, { token, tokenSecret: secret, verifier })
    return this.send(await signed(signer, 'POST', `${this.origin}/oauth/access_token`))
  }

  async xAuth(username: string, password: string, extra: Partial<OAuth1Options> = {}): Promise<Response> {
    const body = new URLSearchParams({ x_auth_mode: 'client_auth', x_auth_username: username, x_auth_password: password })
    return this.send(await signed(consumerSigner(this.clock, extra), 'POST', `${this.origin}/oauth/access_token`, { body }))
  }

  /** The whole three-legged dance with a callback: the access token's form. */
  async run(): Promise<Record<string, string>> {
    const { token, secret } = await this.requestToken()
    const verifier = await this.verifierFromRedirect(token)
    const response = await this.exchange(token, secret, verifier)
    expect(response.status).toBe(200)
    return formOf(response)
  }
}
