import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIO, CliPrompts } from '@oauthkit/cli'
import { run } from '@oauthkit/cli'
import type { ParameterLocation, SignatureMethod, VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, verifyOAuth1 } from '@oauthkit/core'
import type { OAuth1Provider, OAuth1ProviderOptions } from '@oauthkit/server'
import { MemoryConsumerStore, nodeListener, oauth1Provider } from '@oauthkit/server'
import { listenOnLoopback } from '@oauthkit/test-support'
import { afterAll, expect } from 'vitest'
import type { OidcServer } from '../../../test/oauth2/servers/oidc.ts'

/** 2023-11-14T22:13:20Z: the clock of the provider and of every CLI run. */
export const NOW_MS = 1_700_000_000_000
export const now = (): number => NOW_MS

export const CONSUMER = { key: 'cli-app', secret: 'CONSUMER-SECRET-s3cr3t&/+' }
export const PASSWORD = 'correct horse battery staple'
export interface User {
  id: string
  name: string
}
export const JANE: User = { id: 'u-1', name: 'jane' }

function counterIds(): (kind: string) => string {
  let counter = 0
  return (kind) => `${kind}-${++counter}`
}

/** A provider with one consumer that approves every authorization, and a protected echo resource. */
export function createProvider(overrides: Partial<OAuth1ProviderOptions<User>> = {}): OAuth1Provider<User> {
  return oauth1Provider<User>({
    consumers: new MemoryConsumerStore([CONSUMER]),
    nonceStore: new MemoryNonceStore({ now }),
    now,
    generateId: counterIds(),
    decide: () => ({ approve: true, user: JANE }),
    // The browser stand-ins open the authorization URL (a GET) and consent at once: no form to post.
    allowApprovalOnGet: true,
    xAuth: ({ username, password }) => (username === JANE.name && password === PASSWORD ? { user: JANE } : undefined),
    accessTokenFields: ({ user }) => ({ user_id: user.id, screen_name: user.name }),
    ...overrides,
  })
}

function echo(request: Request, verified: Pick<VerifiedOAuth1, 'location' | 'parameters'>, user: User, body: string): Response {
  return Response.json(
    {
      user: user.name,
      method: request.method,
      location: verified.location,
      parameters: verified.parameters,
      contentType: request.headers.get('content-type'),
      body,
    },
    { headers: { 'x-echo': 'yes' } },
  )
}

export interface Loopback {
  origin: string
  provider: OAuth1Provider<User>
  close(): Promise<void>
}

/** The provider on node:http at 127.0.0.1: `/api/echo` is protected, the rest is the provider's endpoints. */
export async function startProvider(overrides: Partial<OAuth1ProviderOptions<User>> = {}): Promise<Loopback> {
  const provider = createProvider(overrides)
  const handler = async (request: Request): Promise<Response> => {
    if (new URL(request.url).pathname === '/api/echo') {
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text()
      const result = await provider.protect(request)
      if (!result.ok) return result.response
      return echo(request, result, result.user, body)
    }
    return provider.handle(request)
  }
  return { ...(await listenOnLoopback(createServer(nodeListener(handler)))), provider }
}

/** How a provider departs from RFC 5849, for {@link startQuirkyProvider}. */
export interface Quirks {
  /** The method of the token requests it takes; POST by default. */
  tokenMethod?: 'GET' | 'POST'
  /** Where it reads the parameters of the token requests; the header by default. */
  tokenLocation?: ParameterLocation
  /** Whether the request-token answer has `oauth_callback_confirmed=true`; it does by default. */
  callbackConfirmed?: boolean
  /**
   * Where the redirect after the authorization goes: the `oauth_callback` of the request-token step
   * (RFC 5849, the default), or the `oauth_callback` parameter of the authorization URL, else the
   * callback registered with the provider (Garmin).
   */
  callbackFrom?: 'request-token' | 'authorization-url'
  /** What the redirect carries when the user denies: `denied=` (X), or `oauth_verifier=NULL` (Garmin). */
  denial?: 'denied' | 'verifier-null'
  /** Every request but the authorization page's must have a User-Agent matching this, else 403 (Discogs). */
  userAgent?: RegExp
  /** The signature methods it takes; HMAC-SHA1 by default. */
  signatureMethods?: readonly SignatureMethod[]
  /** The `screen_name` of the access-token answer; jane's by default. */
  screenName?: string
}

/** One request a quirky provider received. */
export interface Received {
  path: string
  method: string
  location: ParameterLocation
  userAgent: string | null
  /** `oauth_version`, when sent. */
  version: string | undefined
  realm: string | undefined
}

export interface QuirkyProvider {
  origin: string
  received: Received[]
  /** The user's answer at the authorization page. */
  decision: 'approve' | 'deny'
  /** The callback registered with the provider (Garmin's developer portal): it answers 404. */
  registeredCallback: string
  close(): Promise<void>
}

/**
 * A small OAuth 1.0a provider with a provider's quirks, verifying with core's `verifyOAuth1` at the
 * fixed clock: `/oauth/request_token`, `/oauth/authorize` (approves at once), `/oauth/access_token`
 * and the protected `/api/echo`.
 */
export async function startQuirkyProvider(quirks: Quirks = {}): Promise<QuirkyProvider> {
  const { tokenMethod = 'POST', tokenLocation = 'header', callbackConfirmed = true, callbackFrom = 'request-token' } = quirks
  const ids = counterIds()
  const requestTokens = new Map<string, { secret: string; callback: string; verifier?: string }>()
  const accessTokens = new Map<string, string>()
  const received: Received[] = []
  const nonces = new MemoryNonceStore({ now })
  const provider: QuirkyProvider = { origin: '', received, decision: 'approve', registeredCallback: '', close: async () => {} }
  const form = (fields: Record<string, string>): Response =>
    new Response(new URLSearchParams(fields).toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const refuse = (status: number, problem: string): Response =>
    new Response(`oauth_problem=${problem}`, { status, headers: { 'content-type': 'application/x-www-form-urlencoded' } })

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const userAgent = request.headers.get('user-agent')
    if (url.pathname === '/oauth/authorize') {
      const pending = requestTokens.get(url.searchParams.get('oauth_token') ?? '')
      if (pending === undefined) return refuse(400, 'token_rejected')
      const callback =
        callbackFrom === 'request-token' ? pending.callback : (url.searchParams.get('oauth_callback') ?? provider.registeredCallback)
      const target = new URL(callback)
      target.searchParams.set('oauth_token', url.searchParams.get('oauth_token') ?? '')
      if (provider.decision === 'deny' && quirks.denial !== 'verifier-null') target.searchParams.set('denied', 'yes')
      else {
        pending.verifier = provider.decision === 'deny' ? 'NULL' : ids('verifier')
        target.searchParams.set('oauth_verifier', pending.verifier)
      }
      return new Response(null, { status: 302, headers: { location: target.href } })
    }
    // The API and the token endpoints; the authorization page is the browser's.
    if (quirks.userAgent !== undefined && !quirks.userAgent.test(userAgent ?? '')) {
      return new Response('a User-Agent is required', { status: 403 })
    }
    let verified: VerifiedOAuth1
    try {
      verified = await verifyOAuth1(request, {
        lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret } : undefined),
        lookupToken: (token) => {
          const secret = requestTokens.get(token)?.secret ?? accessTokens.get(token)
          return secret === undefined ? undefined : { secret }
        },
        nonceStore: nonces,
        now,
        allowedSignatureMethods: quirks.signatureMethods ?? ['HMAC-SHA1'],
      })
    } catch (error) {
      if (isOAuthError(error)) return refuse(401, error.code)
      throw error
    }
    const version = verified.protocolParameters.find(([name]) => name === 'oauth_version')?.[1]
    received.push({ path: url.pathname, method: request.method, location: verified.location, userAgent, version, realm: verified.realm })
    const isTokenStep = url.pathname === '/oauth/request_token' || url.pathname === '/oauth/access_token'
    if (isTokenStep && (request.method !== tokenMethod || verified.location !== tokenLocation)) return refuse(400, 'parameter_rejected')
    if (url.pathname === '/oauth/request_token') {
      const token = ids('request_token')
      requestTokens.set(token, { secret: ids('request_token_secret'), callback: verified.callback ?? 'oob' })
      const answer: Record<string, string> = { oauth_token: token, oauth_token_secret: requestTokens.get(token)?.secret ?? '' }
      if (callbackConfirmed) answer.oauth_callback_confirmed = 'true'
      return form(answer)
    }
    if (url.pathname === '/oauth/access_token') {
      const pending = requestTokens.get(verified.token ?? '')
      if (pending?.verifier === undefined || pending.verifier !== verified.verifier) return refuse(401, 'verifier_invalid')
      requestTokens.delete(verified.token ?? '')
      const token = ids('access_token')
      accessTokens.set(token, ids('access_token_secret'))
      return form({
        oauth_token: token,
        oauth_token_secret: accessTokens.get(token) ?? '',
        user_id: JANE.id,
        screen_name: quirks.screenName ?? JANE.name,
      })
    }
    if (url.pathname === '/api/echo')
      return Response.json({ user: JANE.name, method: request.method, location: verified.location, userAgent })
    return new Response('not found', { status: 404 })
  }
  const { origin, close } = await listenOnLoopback(createServer(nodeListener(handler)))
  provider.origin = origin
  provider.registeredCallback = `${origin}/registered-callback`
  provider.close = close
  return provider
}

/** The endpoint flags of `login` for a provider on loopback (in place of a preset's real ones). */
export const endpointFlags = (origin: string): string[] => [
  '--request-token-url',
  `${origin}/oauth/request_token`,
  '--authorize-url',
  `${origin}/oauth/authorize`,
  '--access-token-url',
  `${origin}/oauth/access_token`,
]

/** A temporary config directory. */
export function tempConfigDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-cli-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A maker of empty config directories for one test file, all removed after its tests. */
export function freshConfigs(): () => string {
  const made: { remove(): void }[] = []
  afterAll(() => {
    for (const config of made) config.remove()
  })
  return () => {
    const config = tempConfigDir()
    made.push(config)
    return config.dir
  }
}

/** The consumer's key and secret as command-line flags. */
export const consumerFlags = ['--consumer-key', CONSUMER.key, '--consumer-secret', CONSUMER.secret]

/** The profiles saved in a config directory (`profiles.json`), by name. */
export const savedProfiles = (dir: string): Record<string, Record<string, unknown>> =>
  (JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles

/** The PIN the provider's out-of-band page shows for the authorization URL a login printed on stderr. */
export async function pinFrom(stderr: string): Promise<string> {
  const url = /Open this URL in your browser:\s+(\S+)/.exec(stderr)?.[1]
  if (url === undefined) throw new Error(`no URL printed: ${stderr}`)
  const page = await (await fetch(url)).text()
  const pin = /<code id="oauth_verifier">([^<]+)<\/code>/.exec(page)?.[1]
  if (pin === undefined) throw new Error('no PIN on the page')
  return pin
}

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  /** The fetch of the command; the global one by default. */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
  interactive?: boolean
  prompts?: CliPrompts
  openBrowser?: (url: string) => Promise<boolean>
  /** Filled while the command runs, for prompts that read what it printed. */
  live?: { stdout: string; stderr: string }
  /** Called after each write to stderr, with all of stderr so far. */
  onStderr?: (stderr: string) => void
}

/** Runs the CLI in-process with captured output, the fixed clock and the given config dir. */
export async function cli(configDir: string, argv: string[], options: RunOptions = {}): Promise<Run> {
  const live = options.live ?? { stdout: '', stderr: '' }
  const io: CliIO = {
    // Bytes (a body that is not text) as latin1: one character per byte, to compare with Buffer.from(…, 'latin1').
    stdout: {
      write: (chunk: string | Uint8Array) => (live.stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1')),
    },
    stderr: {
      write: (text: string) => {
        live.stderr += text
        options.onStderr?.(live.stderr)
        return true
      },
    },
    env: { OAUTHKIT_CONFIG_DIR: configDir, ...options.env },
    interactive: options.interactive ?? false,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    openBrowser: options.openBrowser ?? (async () => false),
    prompts: options.prompts,
    now,
  }
  const code = await run(argv, io)
  return { code, stdout: live.stdout, stderr: live.stderr }
}

/** A browser that approves: follows the authorization URL's redirect to the callback server. */
export async function approvingBrowser(url: string): Promise<boolean> {
  const authorize = await fetch(url, { redirect: 'manual' })
  const location = authorize.headers.get('location')
  if (authorize.status !== 302 || location === null) throw new Error(`authorization answered ${authorize.status}`)
  const callback = await fetch(location)
  if (callback.status !== 200) throw new Error(`callback answered ${callback.status}`)
  await callback.text()
  return true
}

/** A failure told in one line `oauthkit: …` matching `pattern`, with that exit code and no stack trace. */
export function expectOneLineError(result: Run, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code)
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('oauthkit: '))
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}

/** `login --oauth2` at oidc-provider's endpoints, for a refresh token too (offline_access, with consent). */
export const oidcLoginFlags = (oidc: OidcServer): string[] => [
  'login',
  '--oauth2',
  '--authorize-url',
  oidc.authorizationEndpoint,
  '--token-url',
  oidc.tokenEndpoint,
  '--scope',
  'openid offline_access',
  '--authorize-param',
  'prompt=consent',
]
