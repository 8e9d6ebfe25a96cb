import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIO, CliPrompts } from '@oauthkit/cli'
import { run } from '@oauthkit/cli'
import type { VerifiedOAuth1 } from '@oauthkit/core'
import { MemoryNonceStore } from '@oauthkit/core'
import type { OAuth1Provider, OAuth1ProviderOptions } from '@oauthkit/server'
import { MemoryConsumerStore, nodeListener, oauth1Provider } from '@oauthkit/server'
import { expect } from 'vitest'

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
    nonces: new MemoryNonceStore({ now }),
    now,
    generateId: counterIds(),
    decide: () => ({ approve: true, user: JANE }),
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
  const server = createServer(nodeListener(handler))
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    provider,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** A temporary config directory. */
export function tempConfigDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-cli-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: Record<string, string | undefined>
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
    stdout: { write: (text: string) => (live.stdout += text) },
    stderr: {
      write: (text: string) => {
        live.stderr += text
        options.onStderr?.(live.stderr)
        return true
      },
    },
    env: { OAUTHKIT_CONFIG_DIR: configDir, ...options.env },
    interactive: options.interactive ?? false,
    fetch: (input, init) => fetch(input, init),
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
