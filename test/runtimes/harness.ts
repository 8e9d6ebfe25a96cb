// The runtime side of the runtime tests: one Web handler that Deno.serve, Bun.serve and workerd serve
// alike, over the built packages (dist/, as users get them). The Node side drives it: it asks the
// runtime to sign and send requests (`/sign`, `/rfc5849`, `/oauth2`, `/dance`, `/redirect`), to use a
// FileTokenStore (`/file-store`), and sends it signed requests to verify (`/verify`, the provider's
// `/oauth/*` and `/api/me`). Assertions stay on the Node side.
import type { OAuth1Options, Placement, VerifiedOAuth1 } from '@oauthkit/core'
import { isOAuthError, MemoryNonceStore, oauth1, oauth2, verifyOAuth1 } from '@oauthkit/core'
import { canFollowRedirectsManually } from '@oauthkit/core/adapter'
import { FileTokenStore } from '@oauthkit/core/node'
import { withOAuth } from '@oauthkit/fetch'
import { MemoryConsumerStore, oauth1Provider } from '@oauthkit/server'
import { RFC5849_PHOTOS } from '../fixtures/rfc5849.ts'
import type { Probe, SignOrder, SignResult, Verdict } from './fixtures.ts'
import { CONSUMER, FORM, NODE_CRYPTO_PARTS, NOW_SECONDS, TOKEN, USER } from './fixtures.ts'

const now = (): number => NOW_SECONDS * 1000
let nonces = 0
const nonce = (): string => `runtime-${++nonces}`
let publicKey: string | undefined

// Counts the calls into node:crypto that reach core through process.getBuiltinModule (installed before
// core's first look), so that a case can show which crypto path it took.
let nodeCryptoCalls = 0
const processObject = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
const getBuiltinModule = processObject?.getBuiltinModule
if (processObject && getBuiltinModule) {
  processObject.getBuiltinModule = (id) => {
    const module = getBuiltinModule.call(processObject, id) as Record<string, unknown> | undefined
    if (id !== 'node:crypto' || module === undefined) return module
    const counted = Object.create(module) as Record<string, unknown>
    for (const name of NODE_CRYPTO_PARTS) {
      const part = module[name]
      if (name !== 'KeyObject' && typeof part === 'function') {
        counted[name] = (...args: unknown[]) => {
          nodeCryptoCalls++
          return Reflect.apply(part, module, args)
        }
      }
    }
    return counted
  }
}
/** The calls into node:crypto that `work` made. */
async function countingNodeCrypto<T>(work: () => Promise<T>): Promise<[T, number]> {
  const before = nodeCryptoCalls
  const result = await work()
  return [result, nodeCryptoCalls - before]
}

function probe(): Probe {
  const module = getBuiltinModule?.call(processObject, 'node:crypto') as Record<string, unknown> | undefined
  return {
    nodeCrypto: NODE_CRYPTO_PARTS.filter((name) => typeof module?.[name] === 'function'),
    webCrypto: typeof globalThis.crypto?.subtle?.sign === 'function',
    manualRedirects: canFollowRedirectsManually(),
  }
}

async function verdictOf(response: Response): Promise<Verdict> {
  return (await response.json()) as Verdict
}

/** Signs a GET with a query and a POST form in each placement, with the core's signer and through @oauthkit/fetch. */
async function sign(order: SignOrder): Promise<Omit<SignResult, 'nodeCryptoCalls'>> {
  const options: OAuth1Options = {
    consumerKey: CONSUMER.key,
    consumerSecret: CONSUMER.secret,
    token: TOKEN.token,
    tokenSecret: TOKEN.secret,
    signatureMethod: order.signatureMethod,
    crypto: order.crypto,
    timestamp: NOW_SECONDS,
    nonce,
    ...(order.privateKey === undefined ? {} : { privateKey: order.privateKey }),
  }
  const signer = oauth1(options)
  const result = { core: {}, fetch: {} } as Omit<SignResult, 'nodeCryptoCalls'>
  for (const placement of ['header', 'query'] as const) {
    const signed = await signer.sign({ method: 'GET', url: `${order.origin}/core?file=vacation.jpg&size=original` }, { placement })
    result.core[placement] = await verdictOf(await fetch(signed.url, { headers: signed.headers }))
  }
  const body = await signer.sign(
    { method: 'POST', url: `${order.origin}/core?x=1`, body: new URLSearchParams(FORM) },
    { placement: 'body' },
  )
  result.core.body = await verdictOf(await fetch(body.url, { method: 'POST', headers: body.headers, body: body.body as BodyInit }))

  const signedFetch = withOAuth(fetch, signer)
  for (const placement of ['header', 'query'] as const) {
    result.fetch[placement] = await verdictOf(
      await signedFetch(`${order.origin}/fetch?file=vacation.jpg&size=original`, { oauth: { placement } }),
    )
  }
  const post = { method: 'POST', body: new URLSearchParams(FORM), oauth: { placement: 'body' as Placement } }
  result.fetch.body = await verdictOf(await signedFetch(`${order.origin}/fetch?x=1`, post))
  return result
}

/** The protected resource request of RFC 5849 section 1.2, with its nonce and timestamp (no oauth_version). */
async function rfc5849(crypto: 'auto' | 'webcrypto'): Promise<{ signature: string; authorization: string | null }> {
  const signed = await oauth1({ ...RFC5849_PHOTOS.options, crypto }).sign(RFC5849_PHOTOS.request)
  return { signature: signed.oauth.signature, authorization: signed.headers.get('authorization') }
}

/** A client-credentials grant on a clock the Node side moves: one call per entry of `at`, in seconds from now. */
async function clientCredentials({ origin, at }: { origin: string; at: number[] }): Promise<string[]> {
  let clock = now()
  const auth = oauth2({
    tokenEndpoint: `${origin}/token`,
    clientId: 'runtime-app',
    clientSecret: 'runtime app secret',
    grant: 'client_credentials',
    now: () => clock,
  })
  const api = withOAuth(fetch, auth)
  const seen: string[] = []
  for (const seconds of at) {
    clock = now() + seconds * 1000
    seen.push(await (await api(`${origin}/bearer`)).text())
  }
  return seen
}

async function verify(request: Request, crypto: 'auto' | 'webcrypto'): Promise<Response> {
  let verified: VerifiedOAuth1 | undefined
  let problem: string | undefined
  try {
    verified = await verifyOAuth1(request, {
      lookupConsumer: (key) => (key === CONSUMER.key ? { secret: CONSUMER.secret, publicKey } : undefined),
      lookupToken: (token) => (token === TOKEN.token ? { secret: TOKEN.secret } : undefined),
      nonceStore: new MemoryNonceStore({ now }),
      now,
      allowedSignatureMethods: ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA256'],
      crypto,
    })
  } catch (error) {
    if (!isOAuthError(error)) throw error
    problem = error.code
  }
  const verdict: Verdict = {
    verified: verified !== undefined,
    ...(problem === undefined ? {} : { problem }),
    method: request.method,
    ...(verified ? { signatureMethod: verified.signatureMethod, location: verified.location } : {}),
    parameters: verified?.parameters ?? [],
  }
  return Response.json(verdict, { status: verified ? 200 : 401 })
}

const provider = oauth1Provider<typeof USER>({
  consumers: new MemoryConsumerStore([CONSUMER]),
  now,
  // The browser's session and choice, as the consent form would give them.
  decide: ({ request }) => (request.headers.get('x-session') === USER.id ? { approve: true, user: USER } : { deny: true }),
  allowCallback: ({ callback }) => callback.origin === 'https://printer.example.com',
  accessTokenFields: ({ user }) => ({ user_id: user.id }),
})

async function protectedResource(request: Request): Promise<Response> {
  const result = await provider.protect(request)
  if (!result.ok) return result.response
  return Response.json({ user: result.user, location: result.location, parameters: result.parameters })
}

const formOf = async (response: Response): Promise<URLSearchParams> => new URLSearchParams(await response.text())

/** The three-legged dance signed here and sent to this same server over loopback, then the resource through @oauthkit/fetch. */
async function dance(origin: string): Promise<unknown> {
  const consumer = oauth1({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, now, nonce })
  const temporary = await consumer.sign(
    { method: 'POST', url: `${origin}/oauth/request_token` },
    { callback: 'https://printer.example.com/ready' },
  )
  const requestToken = await formOf(await fetch(temporary.url, { method: 'POST', headers: temporary.headers }))
  const token = requestToken.get('oauth_token') ?? ''
  const authorized = await fetch(`${origin}/oauth/authorize`, {
    method: 'POST',
    headers: { 'x-session': USER.id, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ oauth_token: token }),
    redirect: 'manual',
  })
  const verifier = new URL(authorized.headers.get('location') ?? '').searchParams.get('oauth_verifier') ?? ''
  const exchange = await consumer
    .with({ token, tokenSecret: requestToken.get('oauth_token_secret') ?? '' })
    .sign({ method: 'POST', url: `${origin}/oauth/access_token` }, { verifier })
  const access = await formOf(await fetch(exchange.url, { method: 'POST', headers: exchange.headers }))
  const user = consumer.with({ token: access.get('oauth_token') ?? '', tokenSecret: access.get('oauth_token_secret') ?? '' })
  const me = await withOAuth(fetch, user)(`${origin}/api/me?x=1`)
  return { authorizeStatus: authorized.status, userId: access.get('user_id'), me: await me.json() }
}

/** `FileTokenStore` (`@oauthkit/core/node`): a profile written, then read by another instance. */
async function fileStore(path: string): Promise<unknown> {
  try {
    await new FileTokenStore(path).set('work', { consumerKey: CONSUMER.key, token: TOKEN.token })
    return { read: (await new FileTokenStore(path).get('work')) ?? null }
  } catch (error) {
    const { name, code, message } = error as { name: string; code?: string; message: string }
    return { error: { name, code, message } }
  }
}

/** @oauthkit/fetch following a redirect itself (redirect: 'manual' shows it here), signing each hop. */
async function redirect(origin: string): Promise<Verdict> {
  const signer = oauth1({
    consumerKey: CONSUMER.key,
    consumerSecret: CONSUMER.secret,
    token: TOKEN.token,
    tokenSecret: TOKEN.secret,
    timestamp: NOW_SECONDS,
    nonce,
  })
  const response = await withOAuth(fetch, signer)(`${origin}/redirect?status=307&to=${encodeURIComponent(`${origin}/landed?y=2`)}`)
  return verdictOf(response)
}

/** The runtime's whole app; a failure answers 500 with its stack, for the Node side's message. */
export async function handle(request: Request): Promise<Response> {
  try {
    return await route(request)
  } catch (error) {
    return new Response(error instanceof Error ? (error.stack ?? String(error)) : String(error), { status: 500 })
  }
}

async function route(request: Request): Promise<Response> {
  const url = new URL(request.url)
  const order = async <T>(): Promise<T> => (await request.json()) as T
  switch (url.pathname) {
    case '/probe':
      return Response.json(probe())
    case '/configure':
      ;({ publicKey } = await order<{ publicKey: string }>())
      return new Response(null, { status: 204 })
    case '/sign': {
      const [result, calls] = await countingNodeCrypto(async () => sign(await order<SignOrder>()))
      return Response.json({ ...result, nodeCryptoCalls: calls })
    }
    case '/rfc5849': {
      const [result, calls] = await countingNodeCrypto(() => rfc5849(url.searchParams.get('crypto') === 'webcrypto' ? 'webcrypto' : 'auto'))
      return Response.json({ ...result, nodeCryptoCalls: calls })
    }
    case '/oauth2':
      return Response.json(await clientCredentials(await order<{ origin: string; at: number[] }>()))
    case '/verify': {
      const [response, calls] = await countingNodeCrypto(() =>
        verify(request, url.searchParams.get('crypto') === 'webcrypto' ? 'webcrypto' : 'auto'),
      )
      response.headers.set('x-node-crypto-calls', String(calls))
      return response
    }
    case '/api/me':
      return protectedResource(request)
    case '/file-store':
      return Response.json(await fileStore((await order<{ path: string }>()).path))
    case '/redirect':
      return Response.json(await redirect((await order<{ origin: string }>()).origin))
    case '/dance':
      return Response.json(await dance(url.origin))
    default:
      return provider.handle(request)
  }
}
