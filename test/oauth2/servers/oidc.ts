import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from '@oauthkit/test-support'
import type { Adapter, AdapterPayload } from 'oidc-provider'
import Provider from 'oidc-provider'

/** What oidc-provider's token endpoint was asked, in order: grant types. */
export interface OidcServer {
  /** The issuer, `http://127.0.0.1:PORT`. */
  issuer: string
  tokenEndpoint: string
  authorizationEndpoint: string
  /** The UserInfo endpoint: oidc-provider's own protected resource (bearer in header or body, never query). */
  userinfoEndpoint: string
  /**
   * The redirect URI registered for both clients (nothing listens there: the code is read from the
   * Location). `http://127.0.0.1:ANY-PORT/callback` is registered too.
   */
  redirectUri: string
  /** A confidential client (client_secret_basic) whose secret needs RFC 6749 2.3.1's form-encoding. */
  confidential: { clientId: string; clientSecret: string }
  /** A public client (PKCE, no secret). */
  public: { clientId: string }
  /** Grant types of the token requests received, in order. */
  tokenRequests: string[]
  /**
   * How long the token endpoint holds its answers, in milliseconds (0 by default): a slow
   * authorization server, which keeps a renewal in flight while another client starts one.
   */
  tokenResponseDelay: number
  close(): Promise<void>
}

/** oidc-provider's adapter interface over one Map, with the grant index that revokeByGrantId needs. */
function memoryAdapter(): (model: string) => Adapter {
  const store = new Map<string, AdapterPayload>()
  const grants = new Map<string, Set<string>>()
  const index = new Map<string, string>()
  return (model) => {
    const key = (id: string) => `${model}:${id}`
    return {
      async upsert(id, payload) {
        store.set(key(id), payload)
        if (payload.grantId !== undefined) {
          const members = grants.get(payload.grantId) ?? new Set()
          members.add(key(id))
          grants.set(payload.grantId, members)
        }
        if (model === 'Session' && payload.uid !== undefined) index.set(`uid:${payload.uid}`, id)
        if (payload.userCode !== undefined) index.set(`userCode:${payload.userCode}`, id)
      },
      find: async (id) => store.get(key(id)),
      findByUid: async (uid) => {
        const id = index.get(`uid:${uid}`)
        return id === undefined ? undefined : store.get(key(id))
      },
      findByUserCode: async (userCode) => {
        const id = index.get(`userCode:${userCode}`)
        return id === undefined ? undefined : store.get(key(id))
      },
      async consume(id) {
        const payload = store.get(key(id))
        if (payload) payload.consumed = Math.floor(Date.now() / 1000)
      },
      async destroy(id) {
        store.delete(key(id))
      },
      async revokeByGrantId(grantId) {
        for (const member of grants.get(grantId) ?? []) store.delete(member)
        grants.delete(grantId)
      },
    }
  }
}

/** Registered for both clients: a native app's loopback redirect, on any port (RFC 8252 7.3), as the CLI's login uses it. */
const LOOPBACK_CALLBACK = 'http://127.0.0.1/callback'

const SIGNING_KEY = createPrivateKey(readFileSync(new URL('../../fixtures/keys/rsa-private-pkcs8.pem', import.meta.url), 'utf8')).export({
  format: 'jwk',
})

/**
 * oidc-provider v9 (panva) on loopback: client credentials, authorization code with PKCE through
 * its development interactions (login, then consent), refresh tokens that rotate — replaying a used
 * one revokes the whole grant — and UserInfo as a protected resource.
 */
export async function startOidcServer(): Promise<OidcServer> {
  const tokenRequests: string[] = []
  const state = { tokenResponseDelay: 0 }
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined
  const server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/token') {
      // Peek at the grant type without consuming the body oidc-provider reads.
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString()).get('grant_type') ?? ''))
      const delay = state.tokenResponseDelay
      if (delay > 0) {
        const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse
        response.end = ((...args: unknown[]) => {
          setTimeout(() => end(...args), delay)
          return response
        }) as typeof response.end
      }
    }
    handler?.(request, response)
  })
  const { origin: issuer, close } = await listenOnLoopback(server)
  const redirectUri = `${issuer}/cb`
  const confidential = { clientId: 'confidential app', clientSecret: 'p@ss w+rd:/%~&=?' }
  const publicClient = { clientId: 'public-app' }

  const configuration = {
    adapter: memoryAdapter(),
    jwks: { keys: [{ ...SIGNING_KEY, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['oauthkit-test-cookie-key'] },
    clients: [
      {
        client_id: confidential.clientId,
        client_secret: confidential.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        redirect_uris: [redirectUri, LOOPBACK_CALLBACK],
        application_type: 'native',
      },
      {
        client_id: publicClient.clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [redirectUri, LOOPBACK_CALLBACK],
        application_type: 'native',
      },
    ],
    scopes: ['openid', 'offline_access', 'api:read'],
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    renderError: async (ctx: { type: string; body: unknown }, out: unknown) => {
      ctx.type = 'json'
      ctx.body = out
    },
    issueRefreshToken: async () => true,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 3600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
      IdToken: 3600,
      RefreshToken: 86_400,
      Interaction: 600,
      Session: 3600,
      Grant: 86_400,
    },
  }
  // The one notice left is devInteractions' "development only" warning, printed at construction.
  const warn = console.warn
  const silenced: string[] = []
  console.warn = (...args: unknown[]) => {
    silenced.push(args.map(String).join(' '))
  }
  let provider: Provider
  try {
    provider = new Provider(issuer, configuration)
    handler = provider.callback()
  } finally {
    console.warn = warn
  }
  for (const line of silenced) {
    if (!line.includes('devInteractions')) throw new Error(`oidc-provider warned: ${line}`)
  }

  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    authorizationEndpoint: `${issuer}/auth`,
    userinfoEndpoint: `${issuer}/me`,
    redirectUri,
    confidential,
    public: publicClient,
    tokenRequests,
    get tokenResponseDelay() {
      return state.tokenResponseDelay
    },
    set tokenResponseDelay(ms: number) {
      state.tokenResponseDelay = ms
    },
    close,
  }
}

/**
 * Plays the user in a browser: GET the authorization URL, sign in on the login interaction, approve
 * on the consent interaction (or cancel on the first page), with a cookie jar, until the redirect to
 * `redirectUri` — whose URL (with `code` and `state`, or `error`) it returns.
 */
export async function authorizeInBrowser(
  authorizationUrl: string,
  redirectUri: string,
  { login = 'alice', decision = 'approve' }: { login?: string; decision?: 'approve' | 'abort' } = {},
): Promise<string> {
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const equals = pair.indexOf('=')
      const name = pair.slice(0, equals).trim()
      const value = pair.slice(equals + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name)
      else jar.set(name, value)
    }
  }
  let url = authorizationUrl
  let method = 'GET'
  let body: string | undefined
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    })
    remember(response)
    const location = response.headers.get('location')
    if (location !== null) {
      await response.body?.cancel()
      const next = new URL(location, url).href
      if (next.startsWith(redirectUri)) return next
      url = next
      method = 'GET'
      body = undefined
      continue
    }
    const page = await response.text()
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1]
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1]
    if (response.status !== 200 || prompt === undefined || action === undefined) {
      throw new Error(`unexpected page (HTTP ${response.status}) at ${url}: ${page.slice(0, 300)}`)
    }
    if (decision === 'abort') {
      // The user cancels: devInteractions' abort link ends the interaction with access_denied.
      url = new URL(`${new URL(action.replaceAll('&amp;', '&'), url).pathname}/abort`, url).href
      continue
    }
    url = new URL(action.replaceAll('&amp;', '&'), url).href
    method = 'POST'
    body =
      prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'any' }).toString() : new URLSearchParams({ prompt }).toString()
  }
  throw new Error('the authorization did not reach the redirect URI in 20 steps')
}
