// OAuth 2 through the command line, against real authorization servers on loopback: oidc-provider
// (authorization code with PKCE, refresh token rotation, UserInfo as the protected resource) and
// @node-oauth/oauth2-server (client credentials; a resource that takes the token in the header, the
// query or the body). The CLI's clock is fixed; the servers keep their own.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer, get as httpGet } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { TokenSet } from '@oauthkit/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Me, NodeOAuthServer } from '../../../test/oauth2/servers/node-oauth.ts'
import { startNodeOAuthServer } from '../../../test/oauth2/servers/node-oauth.ts'
import type { OidcServer } from '../../../test/oauth2/servers/oidc.ts'
import { authorizeInBrowser, startOidcServer } from '../../../test/oauth2/servers/oidc.ts'
import { profileClient } from '../src/oauth2-client.ts'
import type { OAuth2Profile } from '../src/profile.ts'
import type { Run, RunOptions } from './harness.ts'
import { cli, expectOneLineError, NOW_MS, oidcLoginFlags, tempConfigDir } from './harness.ts'

const NOW_S = NOW_MS / 1000

interface StoredOAuth2 {
  kind: 'oauth2'
  grant: string
  clientId: string
  clientSecret?: string
  tokenUrl: string
  authorizeUrl?: string
  scope?: string
  token: TokenSet
}

let oidc: OidcServer
let nodeOAuth: NodeOAuthServer
const config = tempConfigDir()
beforeAll(async () => {
  oidc = await startOidcServer()
  nodeOAuth = await startNodeOAuthServer()
})
afterAll(async () => {
  await oidc.close()
  await nodeOAuth.close()
  config.remove()
})

const profilesFile = (dir = config.dir): string => join(dir, 'profiles.json')
const stored = (name: string, dir = config.dir): StoredOAuth2 => {
  const file = JSON.parse(readFileSync(profilesFile(dir), 'utf8')) as { profiles: Record<string, StoredOAuth2> }
  const profile = file.profiles[name]
  if (profile === undefined) throw new Error(`no profile ${name}`)
  return profile
}
/** Changes a saved profile's token behind the CLI's back, as time (or a revocation) would. */
function editToken(name: string, change: (token: TokenSet) => void, dir = config.dir): void {
  const file = JSON.parse(readFileSync(profilesFile(dir), 'utf8')) as { profiles: Record<string, StoredOAuth2> }
  const profile = file.profiles[name] as StoredOAuth2
  change(profile.token)
  writeFileSync(profilesFile(dir), JSON.stringify(file))
}

/**
 * The expiry was computed on the CLI's fixed clock from the lifetime the server gave (an hour; the
 * server counts on its own clock, so a second may be gone).
 */
function expectExpiryOnTheFixedClock(token: TokenSet): void {
  expect(token.expires_in).toBeGreaterThan(3500)
  expect(token.expires_at).toBe(NOW_S + (token.expires_in as number))
}

/** Every secret seen so far: the client secrets, and every token any profile ever held. */
const secrets = new Set<string>()
function harvestSecrets(dir = config.dir): void {
  secrets.add(oidc.confidential.clientSecret)
  secrets.add(nodeOAuth.clientSecret)
  let text: string
  try {
    text = readFileSync(profilesFile(dir), 'utf8')
  } catch {
    return
  }
  const file = JSON.parse(text) as { profiles: Record<string, Partial<StoredOAuth2>> }
  for (const profile of Object.values(file.profiles)) {
    for (const value of [profile.token?.access_token, profile.token?.refresh_token, profile.token?.id_token]) {
      if (typeof value === 'string') secrets.add(value)
    }
  }
}

/** Runs the CLI, then checks that no secret — client secrets, any token so far or just issued — is in its output. */
async function oauthkit(argv: string[], options: RunOptions = {}, dir = config.dir): Promise<Run> {
  const result = await cli(dir, argv, options)
  harvestSecrets(dir)
  const output = result.stdout + result.stderr
  for (const secret of secrets) {
    expect(output).not.toContain(secret)
    expect(output).not.toContain(encodeURIComponent(secret))
  }
  expect(output).not.toMatch(/\n\s+at /)
  return result
}

/**
 * The person at the browser: login and consent on oidc-provider, then the redirect to the CLI's
 * callback server. The status of every request it sends to that server goes into `statuses`, for
 * the test to check after the run (an expect in here would fail inside the CLI, which takes a
 * failed browser for one that could not be opened).
 */
function browser(
  opened: string[],
  { decision = 'approve', forgeState = false, statuses = [] as (number | undefined)[] } = {},
): (url: string) => Promise<boolean> {
  return async (url) => {
    opened.push(url)
    const redirectUri = new URL(url).searchParams.get('redirect_uri') ?? ''
    const callback = new URL(await authorizeInBrowser(url, redirectUri, { decision: decision as 'approve' | 'abort' }))
    if (forgeState) {
      // Stray requests first: another state, another Host (a site rebound to loopback); both are
      // answered 400 and the wait goes on.
      const forged = new URL(callback)
      forged.searchParams.set('state', 'forged-state')
      statuses.push((await fetch(forged)).status)
      const rebound = await new Promise<number | undefined>((resolve, reject) => {
        httpGet(callback, { headers: { host: `attacker.example:${callback.port}` } }, (reply) => resolve(reply.resume().statusCode)).on(
          'error',
          reject,
        )
      })
      statuses.push(rebound)
    }
    const response = await fetch(callback)
    statuses.push(response.status)
    await response.text()
    return true
  }
}

const codeFlags = (): string[] => oidcLoginFlags(oidc)
const confidentialFlags = (): string[] => ['--client-id', oidc.confidential.clientId, '--client-secret', oidc.confidential.clientSecret]

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('login --oauth2: authorization code with PKCE against oidc-provider', () => {
  test('the browser goes to the authorization URL, the redirect reaches the callback server; the profile is saved (0600) and becomes the default', async () => {
    const opened: string[] = []
    const result = await oauthkit([...codeFlags(), '--profile', 'oidc', ...confidentialFlags()], { openBrowser: browser(opened) })
    expect(result.stderr).toContain(
      'Logged in with OAuth 2 (authorization_code, scope "openid offline_access"); saved profile "oidc" (the default)\n',
    )
    expect(result.code).toBe(0)
    expect(opened).toHaveLength(1)
    const url = new URL(opened[0] as string)
    expect(url.origin + url.pathname).toBe(oidc.authorizationEndpoint)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: oidc.confidential.clientId,
      scope: 'openid offline_access',
      code_challenge_method: 'S256',
      prompt: 'consent',
    })
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(oidc.tokenRequests).toEqual(['authorization_code'])

    const profile = stored('oidc')
    expect(profile).toMatchObject({
      kind: 'oauth2',
      grant: 'authorization_code',
      clientId: oidc.confidential.clientId,
      clientSecret: oidc.confidential.clientSecret,
      tokenUrl: oidc.tokenEndpoint,
      authorizeUrl: oidc.authorizationEndpoint,
      scope: 'openid offline_access',
      token: {
        token_type: 'Bearer',
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        scope: 'openid offline_access',
      },
    })
    expectExpiryOnTheFixedClock(profile.token)
    expect(statSync(profilesFile()).mode & 0o777).toBe(0o600)
    expect((await oauthkit(['profiles'])).stdout).toBe('* oidc (oauth2, authorization_code)\n')
  })

  test('request: the bearer token in the header (default) and in a form body; UserInfo answers', async () => {
    const header = await oauthkit(['request', oidc.userinfoEndpoint])
    expect(header.code).toBe(0)
    expect(JSON.parse(header.stdout)).toEqual({ sub: 'alice' })
    expect(header.stderr).toBe('HTTP 200 OK\n')
    const body = await oauthkit(['request', '-X', 'POST', '--placement', 'body', oidc.userinfoEndpoint])
    expect(body.code).toBe(0)
    expect(JSON.parse(body.stdout)).toEqual({ sub: 'alice' })
    expect(oidc.tokenRequests).toEqual(['authorization_code'])
  })

  test('request --placement query: oidc-provider refuses a token in the query, told in one line', async () => {
    expectOneLineError(
      await oauthkit(['request', '--placement', 'query', oidc.userinfoEndpoint]),
      1,
      /was refused: invalid_request — [^()]+ \(HTTP 400\)$/,
    )
  })

  test('an expired token in the profile: one refresh before the request, the rotated tokens written back (0600)', async () => {
    const before = stored('oidc')
    editToken('oidc', (token) => {
      token.expires_at = NOW_S - 1
    })
    const result = await oauthkit(['request', '--debug', oidc.userinfoEndpoint])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ sub: 'alice' })
    expect(result.stderr).toBe(
      `* a new token, saved to profile "oidc"\n* GET ${oidc.userinfoEndpoint}\n* bearer token in the header\nHTTP 200 OK\n`,
    )
    expect(oidc.tokenRequests).toEqual(['authorization_code', 'refresh_token'])
    const after = stored('oidc')
    expect(after.token.access_token).not.toBe(before.token.access_token)
    expect(after.token.refresh_token).toEqual(expect.any(String))
    expect(after.token.refresh_token).not.toBe(before.token.refresh_token)
    expectExpiryOnTheFixedClock(after.token)
    expect({ ...after, token: undefined }).toEqual({ ...before, token: undefined })
    expect(statSync(profilesFile()).mode & 0o777).toBe(0o600)
    // The new token is used as it is: no more token requests.
    expect((await oauthkit(['request', oidc.userinfoEndpoint])).code).toBe(0)
    expect(oidc.tokenRequests).toEqual(['authorization_code', 'refresh_token'])
  })

  test('a token the resource refuses (401 invalid_token): one refresh, the request sent once more, the new token saved', async () => {
    const before = stored('oidc')
    editToken('oidc', (token) => {
      token.access_token = 'a-token-the-server-never-issued'
    })
    const result = await oauthkit(['request', oidc.userinfoEndpoint])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ sub: 'alice' })
    expect(oidc.tokenRequests).toEqual(['authorization_code', 'refresh_token', 'refresh_token'])
    expect(stored('oidc').token.refresh_token).not.toBe(before.token.refresh_token)
  })

  test('sign: the token is masked unless --reveal; an expired token is refreshed first', async () => {
    const header = await oauthkit(['sign', '--format', 'header', 'https://api.example.com/me'])
    expect(header.stdout).toBe('Authorization: Bearer MASKED-ACCESS-TOKEN\n')
    expect(header.stderr).toBe('oauthkit: the access token is masked (--reveal shows it)\n')
    const curl = await oauthkit(['sign', '--placement', 'query', 'https://api.example.com/me?a=1'])
    expect(curl.stdout).toBe("curl 'https://api.example.com/me?a=1&access_token=MASKED-ACCESS-TOKEN' -H 'cache-control: no-store'\n")
    expectOneLineError(
      await oauthkit(['sign', '--format', 'header', '--placement', 'body', '-d', 'a=1', 'https://api.example.com/me']),
      2,
      /placement body puts no Authorization header/,
    )

    editToken('oidc', (token) => {
      token.expires_at = NOW_S - 1
    })
    const revealed = await cli(config.dir, ['sign', '--format', 'header', '--reveal', 'https://api.example.com/me'])
    expect(oidc.tokenRequests).toEqual(['authorization_code', 'refresh_token', 'refresh_token', 'refresh_token'])
    expect(revealed.stdout).toBe(`Authorization: Bearer ${stored('oidc').token.access_token}\n`)
    expect(revealed.stderr).toBe('')
  })

  test('profiles show: the client secret, the access, refresh and ID tokens masked', async () => {
    const shown = await oauthkit(['profiles', 'show', 'oidc'])
    const profile = JSON.parse(shown.stdout) as StoredOAuth2
    expect(profile).toMatchObject({ kind: 'oauth2', clientId: oidc.confidential.clientId, clientSecret: 'p@…=? (16 characters)' })
    for (const field of ['access_token', 'refresh_token', 'id_token'] as const) {
      expect(profile.token[field]).toMatch(/^(?:..…..|••••) \(\d+ characters\)$/)
    }
    expect(profile.token.scope).toBe('openid offline_access')
  })

  test('a refresh token the server no longer knows: one line that says to log in again', async () => {
    editToken('oidc', (token) => {
      token.expires_at = NOW_S - 1
      token.refresh_token = 'a-refresh-token-the-server-never-issued'
    })
    expectOneLineError(
      await oauthkit(['request', oidc.userinfoEndpoint]),
      1,
      /^oauthkit: POST \S+ \(refresh_token\): invalid_grant — [^()]+ \(HTTP 400\); log in again: oauthkit login --profile oidc$/,
    )
  })

  test('an expired token and no refresh token: token_unrenewable, one line that says to log in again', async () => {
    editToken('oidc', (token) => {
      token.expires_at = NOW_S - 1
      delete token.refresh_token
    })
    expectOneLineError(
      await oauthkit(['request', oidc.userinfoEndpoint]),
      1,
      /^oauthkit: .*\(token_unrenewable\); log in again: oauthkit login --profile oidc$/,
    )
  })

  test('login --profile NAME again: the grant, client, endpoints and scope of the OAuth 2 profile are used', async () => {
    const before = stored('oidc')
    const requests = oidc.tokenRequests.length
    const opened: string[] = []
    const result = await oauthkit(['login', '--profile', 'oidc', '--authorize-param', 'prompt=consent'], { openBrowser: browser(opened) })
    expect(result.stderr).toMatch(/^Profile "oidc" exists: logging in again with its settings/)
    expect(result.stderr).toContain('Logged in with OAuth 2 (authorization_code, scope "openid offline_access"); saved profile "oidc"')
    expect(result.code).toBe(0)
    expect(Object.fromEntries(new URL(opened[0] as string).searchParams)).toMatchObject({
      client_id: oidc.confidential.clientId,
      scope: 'openid offline_access',
    })
    expect(oidc.tokenRequests.slice(requests)).toEqual(['authorization_code'])
    const after = stored('oidc')
    expect({ ...after, token: undefined }).toEqual({ ...before, token: undefined })
    expect(after.token.refresh_token).not.toBe(before.token.refresh_token)
    expect((await oauthkit(['request', oidc.userinfoEndpoint])).code).toBe(0)
  })

  test('a public client with --no-browser: the URL is printed, no secret is asked or saved', async () => {
    let browsing: Promise<boolean> | undefined
    const opened: string[] = []
    const result = await oauthkit([...codeFlags(), '--no-browser', '--profile', 'public', '--client-id', oidc.public.clientId], {
      openBrowser: async () => {
        throw new Error('the browser must not be opened')
      },
      // The person copies the URL from the terminal once the command waits.
      onStderr: (stderr) => {
        const url = /Open this URL in your browser:\s+(\S+)/.exec(stderr)?.[1]
        if (url !== undefined && stderr.includes('Waiting for the authorization')) browsing ??= browser(opened)(url)
      },
    })
    expect(result.code).toBe(0)
    await browsing
    expect(opened).toHaveLength(1)
    expect(result.stderr).toContain('saved profile "public"\n')
    const profile = stored('public')
    expect(profile.clientSecret).toBeUndefined()
    expect((await oauthkit(['request', '--profile', 'public', oidc.userinfoEndpoint])).stdout).toContain('"sub": "alice"')
  })

  test('--redirect-uri: the given port and path are the redirect URI', async () => {
    const port = await freePort()
    const opened: string[] = []
    const redirectUri = `http://127.0.0.1:${port}/cb`
    const result = await oauthkit([...codeFlags(), '--profile', 'fixed', ...confidentialFlags(), '--redirect-uri', redirectUri], {
      openBrowser: browser(opened),
    })
    expect(result.code).toBe(0)
    expect(new URL(opened[0] as string).searchParams.get('redirect_uri')).toBe(redirectUri)
    expect(result.stderr).toContain(`Waiting for the authorization at ${redirectUri} …\n`)
  })

  test('a redirect with another state, or to another Host, is answered 400 and the login waits for its own', async () => {
    const requests = oidc.tokenRequests.length
    const statuses: (number | undefined)[] = []
    const result = await oauthkit([...codeFlags(), '--profile', 'forged', ...confidentialFlags()], {
      openBrowser: browser([], { forgeState: true, statuses }),
    })
    expect(statuses).toEqual([400, 400, 200])
    expect(result.code).toBe(0)
    expect(oidc.tokenRequests).toHaveLength(requests + 1)
    expect(stored('forged')).toMatchObject({ kind: 'oauth2', grant: 'authorization_code' })
  })

  test('the user cancels: access_denied in one line', async () => {
    const result = await oauthkit([...codeFlags(), '--profile', 'cancelled', ...confidentialFlags()], {
      openBrowser: browser([], { decision: 'abort' }),
    })
    expectOneLineError(result, 1, /access_denied/)
  })

  test('in a terminal, what is missing is asked: client id, secret (hidden; empty for a public client), endpoints', async () => {
    const asked: string[] = []
    const answers: Record<string, string> = {
      'Client id:': oidc.confidential.clientId,
      'Authorization URL:': oidc.authorizationEndpoint,
      'Token URL:': oidc.tokenEndpoint,
    }
    const own = tempConfigDir()
    try {
      const result = await oauthkit(
        ['login', '--oauth2', '--scope', 'openid'],
        {
          interactive: true,
          openBrowser: browser([]),
          prompts: {
            input: async ({ message }) => {
              asked.push(message)
              return answers[message] ?? ''
            },
            password: async ({ message }) => {
              asked.push(`${message} (hidden)`)
              return oidc.confidential.clientSecret
            },
          },
        },
        own.dir,
      )
      expect(result.code).toBe(0)
      expect(asked).toEqual(['Client id:', 'Client secret (empty for a public client): (hidden)', 'Authorization URL:', 'Token URL:'])
      expect(stored('default', own.dir)).toMatchObject({ clientSecret: oidc.confidential.clientSecret, grant: 'authorization_code' })
    } finally {
      own.remove()
    }
  })
})

describe('login --oauth2 --grant client_credentials against @node-oauth/oauth2-server', () => {
  const me = (result: Run): Me => JSON.parse(result.stdout) as Me
  const loginFlags = (): string[] => [
    'login',
    '--grant',
    'client_credentials',
    '--profile',
    'machine',
    '--client-id',
    nodeOAuth.clientId,
    '--client-secret',
    nodeOAuth.clientSecret,
    '--token-url',
    nodeOAuth.tokenEndpoint,
  ]

  test('the token is fetched and saved; the profile is not the default', async () => {
    const result = await oauthkit(loginFlags())
    expect(result.stderr).toBe('Logged in with OAuth 2 (client_credentials); saved profile "machine"\n')
    expect(nodeOAuth.tokenRequests).toEqual(['client_credentials'])
    const profile = stored('machine')
    expect(profile).toMatchObject({ kind: 'oauth2', grant: 'client_credentials' })
    expectExpiryOnTheFixedClock(profile.token)
    expect(profile.token.refresh_token).toBeUndefined()
    expect((await oauthkit(['profiles'])).stdout).toContain('  machine (oauth2, client_credentials)\n')
  })

  test.each([
    ['header', []],
    ['query', []],
    ['body', ['-d', 'a=1']],
  ])('request --placement %s (RFC 6750 2)', async (placement, extra) => {
    const result = await oauthkit(['request', '--profile', 'machine', '--placement', placement, ...extra, `${nodeOAuth.origin}/me`])
    expect(result.code).toBe(0)
    expect(me(result)).toEqual({ via: placement, user: 'client:app', method: placement === 'body' ? 'POST' : 'GET' })
  })

  test('--placement header+query or header+body would send the token twice: a usage error, nothing sent', async () => {
    const requests = nodeOAuth.tokenRequests.length
    for (const command of ['request', 'sign']) {
      for (const placement of ['header+query', 'header+body']) {
        expectOneLineError(
          await oauthkit([command, '--profile', 'machine', '--placement', placement, '-d', 'a=1', `${nodeOAuth.origin}/me`]),
          2,
          new RegExp(`^oauthkit: --placement header\\+${placement.slice('header+'.length)} would send an OAuth 2 token twice`),
        )
      }
    }
    expect(nodeOAuth.tokenRequests).toHaveLength(requests)
  })

  test('the server expired the token (401 invalid_token): the grant runs again, the request is replayed, the token saved', async () => {
    const before = stored('machine').token.access_token
    nodeOAuth.expireAccessTokens()
    const result = await oauthkit(['request', '--profile', 'machine', `${nodeOAuth.origin}/me`])
    expect(result.code).toBe(0)
    expect(me(result).user).toBe('client:app')
    expect(nodeOAuth.tokenRequests).toEqual(['client_credentials', 'client_credentials'])
    expect(stored('machine').token.access_token).not.toBe(before)
    expect(statSync(profilesFile()).mode & 0o777).toBe(0o600)
  })

  test('expired in the profile: the grant runs again before the request', async () => {
    editToken('machine', (token) => {
      token.expires_at = NOW_S
    })
    expect((await oauthkit(['request', '--profile', 'machine', `${nodeOAuth.origin}/me`])).code).toBe(0)
    expect(nodeOAuth.tokenRequests).toEqual(['client_credentials', 'client_credentials', 'client_credentials'])
  })

  test('login --profile machine again runs its grant with its client; another client id does not get its secret', async () => {
    const requests = nodeOAuth.tokenRequests.length
    const again = await oauthkit(['login', '--profile', 'machine'])
    expect(again.stderr).toBe(
      'Profile "machine" exists: logging in again with its settings, where no option or variable gives them\nLogged in with OAuth 2 (client_credentials); saved profile "machine"\n',
    )
    expect(nodeOAuth.tokenRequests.slice(requests)).toEqual(['client_credentials'])
    expectOneLineError(
      await oauthkit(['login', '--profile', 'machine', '--client-id', 'another']),
      2,
      /Client secret is missing: give --client-secret/,
    )
  })

  test('a bare login logs in again the default profile as what it is: OAuth 2, not a new OAuth 1.0a login', async () => {
    const own = tempConfigDir()
    try {
      const flags = loginFlags().filter((flag, i, all) => flag !== '--profile' && all[i - 1] !== '--profile')
      expect((await oauthkit(flags, {}, own.dir)).code).toBe(0)
      const requests = nodeOAuth.tokenRequests.length
      const again = await oauthkit(['login'], {}, own.dir)
      expect(again.stderr).toBe(
        'Profile "default" exists: logging in again with its settings, where no option or variable gives them\nLogged in with OAuth 2 (client_credentials); saved profile "default"\n',
      )
      expect(nodeOAuth.tokenRequests.slice(requests)).toEqual(['client_credentials'])
      expect(stored('default', own.dir)).toMatchObject({ kind: 'oauth2', grant: 'client_credentials' })
    } finally {
      own.remove()
    }
  })

  test('a token renewed after the profile was removed does not bring the profile back', async () => {
    const own = tempConfigDir()
    try {
      const flags = loginFlags().map((flag) => (flag === 'machine' ? 'gone' : flag))
      expect((await oauthkit(flags, {}, own.dir)).code).toBe(0)
      const profile = { ...stored('gone', own.dir) }
      profile.token = { ...profile.token, expires_at: NOW_S }
      const io = {
        env: { OAUTHKIT_CONFIG_DIR: own.dir },
        fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
        now: () => NOW_MS,
        interactive: false,
        openBrowser: async () => false,
        stdout: { write: () => true },
        stderr: { write: () => true },
      }
      const client = profileClient('gone', profile as OAuth2Profile, io)
      expect((await oauthkit(['profiles', 'remove', 'gone'], {}, own.dir)).code).toBe(0)
      const requests = nodeOAuth.tokenRequests.length
      await client.authorize({ method: 'GET', url: `${nodeOAuth.origin}/me` })
      expect(nodeOAuth.tokenRequests).toHaveLength(requests + 1)
      expect(readFileSync(profilesFile(own.dir), 'utf8')).not.toContain('"gone"')
    } finally {
      own.remove()
    }
  })

  test('a token endpoint that does not answer: one line with the system error code, never the cause text (it may quote a secret)', async () => {
    const failing = async (): Promise<Response> => {
      const system = Object.assign(new Error(`connect ECONNREFUSED, header "Basic ${nodeOAuth.clientSecret}"`), { code: 'ECONNREFUSED' })
      throw new TypeError('fetch failed', { cause: system })
    }
    const result = await oauthkit(
      loginFlags().map((flag) => (flag === 'machine' ? 'unreachable' : flag)),
      { fetch: failing },
    )
    expectOneLineError(result, 1, /no response: ECONNREFUSED \(token_request_failed\)$/)
    expect(result.stderr).not.toContain(nodeOAuth.clientSecret)
  })

  test('a wrong client secret: the token endpoint refuses, in one line without the secret', async () => {
    const argv = loginFlags().map((flag) => (flag === nodeOAuth.clientSecret ? 'WRONG-SECRET-7f3a9c' : flag))
    const result = await oauthkit(argv)
    expectOneLineError(
      result,
      1,
      /^oauthkit: POST http:\/\/127\.0\.0\.1:\d+\/token \(client_credentials\)[^()]*: invalid_client[^()]*\(HTTP \d+\)$/,
    )
    expect(result.stderr).not.toContain('WRONG-SECRET-7f3a9c')
  })
})

describe('login -H: headers of the token requests', () => {
  test('the client credentials request carries the -H headers; the OAuth headers stay those of the command', async () => {
    const seen: { userAgent: string | undefined; authorization: string | undefined }[] = []
    const server = createHttpServer((request, response) => {
      seen.push({ userAgent: request.headers['user-agent'], authorization: request.headers.authorization })
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'at-1', token_type: 'Bearer', expires_in: 60 }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const own = tempConfigDir()
    try {
      const result = await oauthkit(
        [
          'login',
          '--grant',
          'client_credentials',
          '--client-id',
          'app',
          '--client-secret',
          'app-secret',
          '--token-url',
          `http://127.0.0.1:${(server.address() as { port: number }).port}/token`,
          '-H',
          'User-Agent: MyCli/1.0',
          '-H',
          'Authorization: not this',
        ],
        {},
        own.dir,
      )
      expect(result.code).toBe(0)
      expect(seen).toEqual([{ userAgent: 'MyCli/1.0', authorization: `Basic ${btoa('app:app-secret')}` }])
    } finally {
      own.remove()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('usage', () => {
  const own = tempConfigDir()
  afterAll(() => own.remove())
  const run = (argv: string[]) => oauthkit(argv, {}, own.dir)

  test.each([
    [['login', '--oauth2', '--consumer-key', 'k'], /^oauthkit: --consumer-key is for OAuth 1\.0a and --oauth2 for OAuth 2: choose one/],
    [['login', '--client-id', 'a', '--oob'], /--oob is for OAuth 1\.0a and --client-id for OAuth 2/],
    [['login', '--oauth2', '--grant', 'password'], /--grant: one of authorization_code, client_credentials/],
    [['login', '--oauth2', '--client-auth', 'basic'], /--client-auth: one of client_secret_basic, client_secret_post, none/],
    [['login', '--oauth2'], /^oauthkit: Client id is missing: give --client-id \(no terminal to ask on\)$/],
    [['login', '--grant', 'client_credentials', '--client-id', 'a'], /Client secret is missing: give --client-secret/],
    [
      ['login', '--grant', 'client_credentials', '--authorize-url', 'https://a.example/'],
      /--authorize-url is for the authorization_code grant/,
    ],
    [['login', '--oauth2', '--redirect-uri', 'https://app.example.com/cb'], /--redirect-uri: http:\/\/127\.0\.0\.1\[:PORT\]\/PATH/],
    [['login', '--oauth2', '--redirect-port', '80000'], /--redirect-port: a port number/],
    [['login', '--oauth2', '--redirect-port', '8000', '--redirect-uri', 'http://127.0.0.1/cb'], /either --redirect-uri or --redirect-port/],
    [
      [
        'login',
        '--grant',
        'client_credentials',
        '--client-id',
        'a',
        '--client-secret',
        's',
        '--token-url',
        'http://auth.example.com/token',
      ],
      /^oauthkit: --token-url must use https/,
    ],
  ])('%j', async (argv, pattern) => {
    expectOneLineError(await run(argv), 2, pattern)
  })

  test('OAuth 1.0a flags with an OAuth 2 profile chosen by name: a usage error', async () => {
    writeFileSync(
      profilesFile(own.dir),
      JSON.stringify({
        version: 1,
        profiles: { api: { kind: 'oauth2', grant: 'client_credentials', clientId: 'a', tokenUrl: 'https://auth.example.com/token' } },
      }),
    )
    expectOneLineError(
      await run(['sign', '--profile', 'api', '--consumer-key', 'k', 'https://a.example/']),
      2,
      /--consumer-key is for OAuth 1\.0a; profile "api" is OAuth 2/,
    )
  })
})
