import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import OAuth2Server from '@node-oauth/oauth2-server'
import { listenOnLoopback } from '@oauthkit/test-support'

/** What the protected resource `/echo` answers: the request as it arrived, and how the token came. */
export interface Echo {
  method: string
  /** The query string as received, `?` included (empty when none). */
  search: string
  contentType: string | null
  /** The raw body. */
  body: string
  /** Where the bearer token was: header, query or body. */
  via: 'header' | 'query' | 'body'
  token: string
}

/** What the protected resource `/me` answers: whose the token is and how it came, never the token itself. */
export interface Me {
  method: string
  user: string
  via: 'header' | 'query' | 'body'
}

/** One request of the `/record` endpoint (which has no OAuth at all): what it carried. */
export interface Recorded {
  url: string
  authorization: string | null
  body: string
}

export interface NodeOAuthServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  tokenEndpoint: string
  clientId: string
  clientSecret: string
  username: string
  password: string
  /** The token requests received, by grant type. */
  tokenRequests: string[]
  /** Requests to `/record`. */
  recorded: Recorded[]
  /** The bodies of the requests to `/reject`, which always answers 401 invalid_token. */
  rejected: string[]
  /** Makes every access token issued so far expired on the server (the client does not know). */
  expireAccessTokens(): void
  close(): Promise<void>
}

type StoredToken = OAuth2Server.Token

/**
 * @node-oauth/oauth2-server v5 on loopback, with its model (clients, users, tokens in memory):
 * the token endpoint (password, client_credentials, refresh_token with rotation), a protected
 * resource `/echo` that accepts a bearer token in the header, the form body or the query
 * (`allowBearerTokensInQueryString`), `/me`, a protected resource that answers without the token,
 * `/redirect?to=URL&status=N` that redirects, `/record`, which
 * records what it was sent (for redirects to it from another origin), and `/reject`, which always
 * answers 401 `invalid_token`.
 */
export async function startNodeOAuthServer(): Promise<NodeOAuthServer> {
  const client = { id: 'app', secret: 'app-secret', grants: ['password', 'client_credentials', 'refresh_token'] }
  const user = { id: 'alice', password: 'alice-password' }
  const accessTokens = new Map<string, StoredToken>()
  const refreshTokens = new Map<string, StoredToken>()
  const tokenRequests: string[] = []
  const recorded: Recorded[] = []
  const rejected: string[] = []

  const model = {
    getClient: async (id: string, secret: string | null) =>
      id === client.id && (secret === null || secret === undefined || secret === client.secret) ? { id, grants: client.grants } : false,
    getUser: async (username: string, password: string) => (username === user.id && password === user.password ? { id: user.id } : false),
    getUserFromClient: async () => ({ id: `client:${client.id}` }),
    saveToken: async (token: OAuth2Server.Token, savedClient: OAuth2Server.Client, savedUser: OAuth2Server.User) => {
      const stored: StoredToken = { ...token, client: savedClient, user: savedUser }
      accessTokens.set(token.accessToken, stored)
      if (token.refreshToken !== undefined) refreshTokens.set(token.refreshToken, stored)
      return stored
    },
    getAccessToken: async (accessToken: string) => accessTokens.get(accessToken) ?? false,
    getRefreshToken: async (refreshToken: string) => (refreshTokens.get(refreshToken) as OAuth2Server.RefreshToken | undefined) ?? false,
    // Rotation: the used refresh token dies, and so does the access token issued with it.
    revokeToken: async (token: OAuth2Server.RefreshToken) => {
      const stored = token.refreshToken === undefined ? undefined : refreshTokens.get(token.refreshToken)
      if (stored === undefined || token.refreshToken === undefined) return false
      refreshTokens.delete(token.refreshToken)
      accessTokens.delete(stored.accessToken)
      return true
    },
    verifyScope: async () => true,
  }
  const oauth = new OAuth2Server({ model, accessTokenLifetime: 3600, allowBearerTokensInQueryString: true })

  async function handle(request: IncomingMessage, response: ServerResponse, origin: string): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(request.url ?? '/', origin)
    const contentType = request.headers['content-type'] ?? null
    const form = contentType?.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : {}
    const send = (status: number, headers: Record<string, string>, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(JSON.stringify(body))
    }

    if (url.pathname === '/record') {
      recorded.push({ url: url.href, authorization: request.headers.authorization ?? null, body: raw })
      send(200, {}, { recorded: true })
      return
    }
    if (url.pathname === '/reject') {
      rejected.push(raw)
      send(401, { 'www-authenticate': 'Bearer realm="Service",error="invalid_token"' }, { error: 'invalid_token' })
      return
    }
    if (url.pathname === '/redirect') {
      response.writeHead(Number(url.searchParams.get('status') ?? 307), { location: url.searchParams.get('to') ?? '/' })
      response.end()
      return
    }

    const oauthRequest = new OAuth2Server.Request({
      method: request.method ?? 'GET',
      headers: request.headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
      body: form,
    })
    const oauthResponse = new OAuth2Server.Response({})
    if (url.pathname === '/token') {
      tokenRequests.push(String(form.grant_type))
      await oauth.token(oauthRequest, oauthResponse).catch(() => undefined)
      send(oauthResponse.status ?? 200, oauthResponse.headers as Record<string, string>, oauthResponse.body)
      return
    }
    try {
      const token = await oauth.authenticate(oauthRequest, oauthResponse)
      const via = request.headers.authorization ? 'header' : url.searchParams.has('access_token') ? 'query' : 'body'
      if (url.pathname === '/me') {
        const me: Me = { method: request.method ?? '', user: String(token.user.id), via }
        send(200, {}, me)
        return
      }
      const echo: Echo = { method: request.method ?? '', search: url.search, contentType, body: raw, via, token: token.accessToken }
      send(200, {}, echo)
    } catch (error) {
      const { code, name, message } = error as { code: number; name: string; message: string }
      send(code, oauthResponse.headers as Record<string, string>, { error: name, error_description: message })
    }
  }

  const server = createServer((request, response) => {
    const { port } = server.address() as AddressInfo
    handle(request, response, `http://127.0.0.1:${port}`).catch((error: unknown) => {
      response.writeHead(500)
      response.end(String(error))
    })
  })
  const { origin, close } = await listenOnLoopback(server)
  return {
    origin,
    tokenEndpoint: `${origin}/token`,
    clientId: client.id,
    clientSecret: client.secret,
    username: user.id,
    password: user.password,
    tokenRequests,
    recorded,
    rejected,
    expireAccessTokens() {
      for (const token of accessTokens.values()) token.accessTokenExpiresAt = new Date(0)
    },
    close,
  }
}
