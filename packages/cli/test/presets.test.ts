// The provider presets through the real command line, against small providers on loopback that have
// each provider's quirks (startQuirkyProvider): the presets' endpoints are replaced by the loopback ones.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Quirks, QuirkyProvider } from './harness.ts'
import {
  approvingBrowser,
  CONSUMER,
  cli,
  consumerFlags,
  endpointFlags,
  expectOneLineError,
  freshConfigs,
  savedProfiles,
  startQuirkyProvider,
} from './harness.ts'

const freshConfig = freshConfigs()

/** Starts a provider with `quirks` for each test of the block. */
function withProvider(quirks: Quirks): { provider: () => QuirkyProvider } {
  let provider: QuirkyProvider | undefined
  beforeEach(async () => {
    provider = await startQuirkyProvider(quirks)
  })
  afterEach(async () => {
    await provider?.close()
  })
  return { provider: () => provider as QuirkyProvider }
}

describe('garmin: no oauth_callback_confirmed, the callback on the authorization URL, oauth_verifier=NULL for a refusal', () => {
  const { provider } = withProvider({ callbackConfirmed: false, callbackFrom: 'authorization-url', denial: 'verifier-null' })

  test('login --preset garmin: the callback goes on the authorization URL, the redirect comes back, the profile is saved', async () => {
    const dir = freshConfig()
    const opened: string[] = []
    const result = await cli(dir, ['login', '--preset', 'garmin', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: async (url) => {
        opened.push(url)
        return approvingBrowser(url)
      },
    })
    expect(result.stderr).toContain('Logged in as jane; saved profile "garmin" (the default)\n')
    expect(result.code).toBe(0)
    const authorization = new URL(opened[0] as string)
    expect(authorization.searchParams.get('oauth_token')).toMatch(/^request_token-/)
    expect(authorization.searchParams.get('oauth_callback')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(provider().received.map(({ path, method, location }) => [path, method, location])).toEqual([
      ['/oauth/request_token', 'POST', 'header'],
      ['/oauth/access_token', 'POST', 'header'],
    ])
    expect(savedProfiles(dir).garmin).toMatchObject({ preset: 'garmin', token: expect.stringMatching(/^access_token-/) })
    expect((await cli(dir, ['request', `${provider().origin}/api/echo`])).code).toBe(0)
  })

  test('a refusal (oauth_verifier=NULL) ends the login in one line, before the access-token request', async () => {
    const dir = freshConfig()
    provider().decision = 'deny'
    const result = await cli(dir, ['login', '--preset', 'garmin', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expectOneLineError(result, 1, /^oauthkit: the user refused the authorization \(the provider sent oauth_verifier=NULL\)$/)
    expect(provider().received.map(({ path }) => path)).toEqual(['/oauth/request_token'])
  })

  test('the generic preset against the same provider stops at callback_not_confirmed, naming it', async () => {
    const result = await cli(freshConfig(), ['login', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expectOneLineError(
      result,
      1,
      /^oauthkit: the request-token answer does not confirm the callback \(no oauth_callback_confirmed=true\).*add --allow-unconfirmed-callback \(callback_not_confirmed\)$/,
    )
    expect(result.stderr).not.toContain('requireCallbackConfirmed')
  })
})

describe('--allow-unconfirmed-callback: an OAuth 1.0 provider without oauth_callback_confirmed, any preset', () => {
  const { provider } = withProvider({ callbackConfirmed: false })

  test('login with the flag goes through; the profile remembers it for the next login', async () => {
    const dir = freshConfig()
    const flags = ['login', ...consumerFlags, ...endpointFlags(provider().origin)]
    const first = await cli(dir, [...flags, '--allow-unconfirmed-callback'], { openBrowser: approvingBrowser })
    expect(first.code).toBe(0)
    expect(savedProfiles(dir).default).toMatchObject({ unconfirmedCallback: true, token: expect.stringMatching(/^access_token-/) })
    const again = await cli(dir, ['login', '--profile', 'default'], { openBrowser: approvingBrowser })
    expect(again.code).toBe(0)
    expect(provider().received.filter(({ path }) => path === '/oauth/access_token')).toHaveLength(2)
  })

  test('without it, the login stops at the request token with what to add', async () => {
    const result = await cli(freshConfig(), ['login', '--oob', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expectOneLineError(result, 1, /add --allow-unconfirmed-callback \(callback_not_confirmed\)$/)
    expect(provider().received.map(({ path }) => path)).toEqual(['/oauth/request_token'])
  })
})

describe('netsuite: HMAC-SHA256 and the account id as the realm, normalized wherever it is given', () => {
  const { provider } = withProvider({ signatureMethods: ['HMAC-SHA256'] })

  test('request with a netsuite profile and --realm, or with --preset netsuite and OAUTHKIT_REALM, sends 1234567_SB1', async () => {
    const dir = freshConfig()
    const login = await cli(dir, ['login', '--preset', 'netsuite', '--one-legged', ...consumerFlags, '--realm', '7654321'])
    expect(login.code).toBe(0)
    expect(savedProfiles(dir).netsuite).toMatchObject({ realm: '7654321', signatureMethod: 'HMAC-SHA256' })
    expect((await cli(dir, ['request', '--realm', '1234567-sb1', `${provider().origin}/api/echo`])).code).toBe(0)
    const env = { OAUTHKIT_REALM: '1234567-sb1', OAUTHKIT_CONSUMER_KEY: CONSUMER.key, OAUTHKIT_CONSUMER_SECRET: CONSUMER.secret }
    expect((await cli(freshConfig(), ['request', '--preset', 'netsuite', `${provider().origin}/api/echo`], { env })).code).toBe(0)
    expect(provider().received.map(({ realm }) => realm)).toEqual(['1234567_SB1', '1234567_SB1'])
  })
})

describe('flickr: the token requests are GETs with the parameters in the query', () => {
  const { provider } = withProvider({ tokenMethod: 'GET', tokenLocation: 'query' })

  test('login --preset flickr: request and access token as GETs with query parameters; perms on the authorization URL', async () => {
    const dir = freshConfig()
    const opened: string[] = []
    const result = await cli(
      dir,
      ['login', '--preset', 'flickr', ...consumerFlags, ...endpointFlags(provider().origin), '--authorize-param', 'perms=read'],
      {
        openBrowser: async (url) => {
          opened.push(url)
          return approvingBrowser(url)
        },
      },
    )
    expect(result.stderr).toContain('Logged in as jane; saved profile "flickr" (the default)\n')
    expect(new URL(opened[0] as string).searchParams.get('perms')).toBe('read')
    expect((await cli(dir, ['request', `${provider().origin}/api/echo`])).code).toBe(0)
    expect(provider().received.map(({ path, method, location }) => [path, method, location])).toEqual([
      ['/oauth/request_token', 'GET', 'query'],
      ['/oauth/access_token', 'GET', 'query'],
      ['/api/echo', 'GET', 'query'],
    ])
  })

  test('the generic preset sends POSTs with the header, which this provider refuses', async () => {
    const result = await cli(freshConfig(), ['login', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expectOneLineError(result, 1, /oauth_problem=parameter_rejected/)
  })
})

describe('discogs: a User-Agent on every request, the token requests included', () => {
  const { provider } = withProvider({ signatureMethods: ['PLAINTEXT'], userAgent: /^(?:oauthkit|MyCollectionApp)\/\S+/ })
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

  test('login --preset discogs sends oauthkit/VERSION, and request too; -H gives another, to login and request alike', async () => {
    const dir = freshConfig()
    const login = await cli(dir, ['login', '--preset', 'discogs', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expect(login.stderr).toContain('Logged in as jane; saved profile "discogs" (the default)\n')
    expect((await cli(dir, ['request', `${provider().origin}/api/echo`])).code).toBe(0)
    const again = await cli(
      dir,
      ['login', '--preset', 'discogs', '-H', 'User-Agent: MyCollectionApp/1.0', ...consumerFlags, ...endpointFlags(provider().origin)],
      { openBrowser: approvingBrowser },
    )
    expect(again.code).toBe(0)
    expect((await cli(dir, ['request', '-H', 'User-Agent: MyCollectionApp/1.0', `${provider().origin}/api/echo`])).code).toBe(0)
    expect(provider().received.map(({ path, userAgent }) => [path, userAgent])).toEqual([
      ['/oauth/request_token', `oauthkit/${version}`],
      ['/oauth/access_token', `oauthkit/${version}`],
      ['/api/echo', `oauthkit/${version}`],
      ['/oauth/request_token', 'MyCollectionApp/1.0'],
      ['/oauth/access_token', 'MyCollectionApp/1.0'],
      ['/api/echo', 'MyCollectionApp/1.0'],
    ])
    // sign prints it, so that the curl command works as it is.
    const curl = await cli(dir, ['sign', 'https://api.discogs.com/oauth/identity'])
    expect(curl.stdout).toContain(` -H 'user-agent: oauthkit/${version}'`)
  })

  test('without the preset, the User-Agent of the runtime is refused; login -H names the application', async () => {
    const refused = await cli(freshConfig(), [
      'login',
      '--signature-method',
      'PLAINTEXT',
      ...consumerFlags,
      ...endpointFlags(provider().origin),
    ])
    expectOneLineError(refused, 1, /HTTP 403/)
    const named = await cli(
      freshConfig(),
      [
        'login',
        '--signature-method',
        'PLAINTEXT',
        '-H',
        'User-Agent: MyCollectionApp/1.0',
        ...consumerFlags,
        ...endpointFlags(provider().origin),
      ],
      { openBrowser: approvingBrowser },
    )
    expect(named.code).toBe(0)
    expectOneLineError(
      await cli(freshConfig(), ['login', '-H', 'broken', ...consumerFlags]),
      2,
      /-H: a header is "Name: value", and one has no ":"/,
    )
  })
})

describe('woocommerce: no oauth_version; login --no-oauth-version for any provider', () => {
  const { provider } = withProvider({ signatureMethods: ['HMAC-SHA256', 'HMAC-SHA1'] })

  test('a woocommerce profile sends no oauth_version; nor do --preset woocommerce and --no-oauth-version', async () => {
    const dir = freshConfig()
    expect((await cli(dir, ['login', '--preset', 'woocommerce', '--one-legged', ...consumerFlags])).code).toBe(0)
    expect(savedProfiles(dir).woocommerce).toMatchObject({ version: false, placement: 'query' })
    expect((await cli(dir, ['request', `${provider().origin}/api/echo`])).code).toBe(0)
    expect((await cli(freshConfig(), ['request', '--preset', 'woocommerce', ...consumerFlags, `${provider().origin}/api/echo`])).code).toBe(
      0,
    )
    const flags = [...consumerFlags, `${provider().origin}/api/echo`]
    expect((await cli(freshConfig(), ['request', '--no-oauth-version', ...flags])).code).toBe(0)
    expect((await cli(freshConfig(), ['request', ...flags])).code).toBe(0)
    expect(provider().received.map(({ location, version }) => [location, version])).toEqual([
      ['query', undefined],
      ['query', undefined],
      ['header', undefined],
      ['header', '1.0'],
    ])
  })

  test('login --no-oauth-version: none in the token requests, none in the requests of the profile', async () => {
    const dir = freshConfig()
    const login = await cli(dir, ['login', '--no-oauth-version', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expect(login.code).toBe(0)
    expect(savedProfiles(dir).default).toMatchObject({ version: false })
    expect((await cli(dir, ['request', `${provider().origin}/api/echo`])).code).toBe(0)
    expect(provider().received.map(({ path, version }) => [path, version])).toEqual([
      ['/oauth/request_token', undefined],
      ['/oauth/access_token', undefined],
      ['/api/echo', undefined],
    ])
  })
})

describe('what a provider sends is shown without its control characters', () => {
  const { provider } = withProvider({ screenName: 'jane\u001b[2J\u001b]0;pwned\u0007\u009b\u202eevil\u2028\u2066x\u2069' })

  test('a screen_name with escape sequences, bidi controls and line separators reaches the terminal without them', async () => {
    const result = await cli(freshConfig(), ['login', ...consumerFlags, ...endpointFlags(provider().origin)], {
      openBrowser: approvingBrowser,
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('Logged in as jane [2J ]0;pwned evil x; saved profile "default"')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point.
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
  })
})
