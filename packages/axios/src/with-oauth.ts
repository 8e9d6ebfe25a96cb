import type {
  AdapterDefaults,
  AuthorizeOptions,
  Authorizer,
  RequestBody,
  RequestOAuthOptions,
  RequestParts,
  ResponseParts,
} from '@oauthkit/core'
import type { AuthorizedWithChanges, OAuthBinding } from '@oauthkit/core/adapter'
import { attachRefusal, bindAuthorizer, canFollowRedirectsManually, driveCall, headerPairs, settle } from '@oauthkit/core/adapter'
import type { AxiosAdapter, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import axios, { Axios, AxiosError, AxiosHeaders, getAdapter } from 'axios'

declare module 'axios' {
  // biome-ignore lint/suspicious/noExplicitAny: the type parameters must be those of axios's own declaration.
  interface AxiosRequestConfig<D = any, P = any> {
    /** OAuth options for this request (`{ placement: 'query' }`), or `false` to send it without credentials. */
    oauth?: RequestOAuthOptions | undefined
  }
}

/** One `withOAuth` on one instance; `active` turns false at `eject()`. */
type Installation = { readonly binding: OAuthBinding; active: boolean }
/** One attempt as axios would send it, before authorization. */
type Hop = { method: string; url: string; headers: AxiosHeaders; data: unknown }

/** Our adapter wrappers, with the adapter each wraps and the installation it signs for. */
const wrappers = new WeakMap<AxiosAdapter, { inner: AxiosAdapter; owner: Installation }>()
/** Builds URLs as axios's adapters do, without merging any instance's defaults in again. */
const urls = new Axios({})

/** The members of a config that `getUri` reads (after merging them, one by one, with no defaults). */
const URL_MEMBERS = ['baseURL', 'url', 'allowAbsoluteUrls', 'params', 'paramsSerializer'] as const

function absoluteUrl(config: InternalAxiosRequestConfig): string {
  // getUri merges the whole config first (headers, transforms, agents…) to read five members of it:
  // hand it only those. An error (a malformed URL) carries the config the adapter was given.
  const members: Record<string, unknown> = {}
  for (const name of URL_MEMBERS) if (Object.hasOwn(config, name)) members[name] = config[name]
  let uri: string
  try {
    uri = urls.getUri(members)
  } catch (error) {
    throw restore(error, config)
  }
  const base = config.socketPath ? 'http://localhost' : (globalThis as { location?: { href?: string } }).location?.href
  // Not a URL that can be sent: the core reports it.
  return URL.canParse(uri, base) ? new URL(uri, base).href : uri
}

/** A copy of `config` that sends `authorized`: URL, method and body, headers changed only where the core changed them. */
function outgoing(config: InternalAxiosRequestConfig, hop: Hop, authorized: AuthorizedWithChanges): InternalAxiosRequestConfig {
  const headers = new AxiosHeaders(hop.headers)
  for (const [name, value] of Object.entries(authorized.headerChanges))
    value === null ? headers.delete(name) : headers.set(name, value, true)
  const bodyChanged = authorized.body !== (hop.data ?? null)
  if (bodyChanged) headers.delete('content-length') // axios counts the new body
  const data = bodyChanged ? authorized.body : hop.data
  return { ...config, method: authorized.method.toLowerCase(), url: authorized.url, baseURL: undefined, params: undefined, data, headers }
}

/** Shows the config the adapter was given, never our copy, on a response or an error (axios-retry re-sends it). */
function restore<T>(value: T, config: InternalAxiosRequestConfig): T {
  const target = value as { config?: unknown; response?: { config?: unknown } } | null
  if (typeof target !== 'object' || target === null || !('config' in target)) return value
  target.config = config
  if (typeof target.response === 'object' && target.response !== null) target.response.config = config
  return value
}

const isStream = (data: unknown): boolean => typeof (data as { pipe?: unknown } | null)?.pipe === 'function'

/** The response as the core reads it: its headers converted when first read, the body as text when asked for. */
function responseParts(response: AxiosResponse): ResponseParts {
  let headers: Headers | undefined
  const { data } = response
  const text = async (): Promise<string> =>
    typeof data === 'string'
      ? data
      : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
        ? new TextDecoder().decode(data as ArrayBuffer)
        : isStream(data) || data === undefined
          ? ''
          : JSON.stringify(data)
  // In a browser the platform followed any redirect: the response may come from another origin.
  return {
    status: response.status,
    url: (response.request as { responseURL?: string } | undefined)?.responseURL || undefined,
    get headers(): Headers {
      headers ??= new Headers(headerPairs(AxiosHeaders.from(response.headers as AxiosHeaders).toJSON(true)))
      return headers
    },
    text,
  }
}

async function send(config: InternalAxiosRequestConfig, inner: AxiosAdapter, owner: Installation): Promise<AxiosResponse> {
  const maxRedirects = config.maxRedirects ?? 21 // where follow-redirects stops
  // Node's http adapter follows redirects inside follow-redirects, the fetch adapter inside fetch,
  // and an adapter of the application's (a caching wrapper of http) who knows where: nothing can
  // sign a hop there, so follow them here (each hands back the redirect with maxRedirects: 0). XHR
  // (axios names it, as it names http), and a browser, follow them where no code can see them:
  // the core refuses what would travel.
  const kind = (inner as { adapterName?: unknown }).adapterName
  const manual = kind === 'http' || (kind !== 'xhr' && canFollowRedirectsManually())
  const follow = manual && maxRedirects > 0
  const first = absoluteUrl(config)
  const call = owner.binding.call(first, config.oauth, !manual)
  // The client's own headers and data of each hop's parts, which outgoing() starts from.
  const hops = new WeakMap<RequestParts, Hop>()
  const partsOf = (hop: Hop): RequestParts => {
    const body = (hop.data ?? null) as RequestBody
    const parts = { method: hop.method.toUpperCase(), url: hop.url, headers: headerPairs(hop.headers.toJSON(true)), body }
    hops.set(parts, hop)
    return parts
  }
  const origin = (url: string | URL): string => new URL(url).origin
  const start = partsOf({ method: config.method ?? 'get', url: first, headers: config.headers, data: config.data })
  const outcome = await driveCall(call, start, {
    async send(authorized, parts): Promise<{ response: AxiosResponse | undefined; failure?: { error: unknown } }> {
      const request = outgoing(config, hops.get(parts) as Hop, authorized)
      // Basic credentials (`auth`) go back only to the first origin, as axios restores them.
      const auth = config.auth !== undefined && origin(parts.url) === origin(first) ? config.auth : undefined
      if (follow) Object.assign(request, { maxRedirects: 0, auth })
      try {
        return { response: await inner(request) }
      } catch (error) {
        return { response: axios.isAxiosError(error) ? error.response : undefined, failure: { error } }
      }
    },
    status: (exchange) => exchange.response?.status,
    location: (exchange) => exchange.response?.headers?.location as string | undefined,
    read: (exchange) => responseParts(exchange.response as AxiosResponse),
    dispose: (exchange) => (exchange.response?.data as { destroy?: () => void } | undefined)?.destroy?.(),
    redirect(parts, next) {
      const hop = hops.get(parts) as Hop
      const headers = new AxiosHeaders(hop.headers)
      const dropped = [...next.dropHeaders, ...(next.crossOrigin ? (config.sensitiveHeaders ?? []) : [])]
      for (const name of dropped) headers.delete(name)
      return partsOf({ method: next.method, url: next.url, headers, data: next.bodyDropped ? undefined : hop.data })
    },
    tooManyRedirects: (last) =>
      new AxiosError('Maximum number of redirects exceeded', 'ERR_FR_TOO_MANY_REDIRECTS', config, last.response?.request),
    // A stream body is gone once sent: no replay, and a 307 or 308 is answered as axios would without redirects.
    resendable: (parts) => !isStream((hops.get(parts) as Hop).data),
    follow,
    maxRedirects,
  })
  const { response, failure } = settle(outcome, (exchange) => exchange.response)
  // axios' AxiosError of a refused response gets the refusal as `oauth` (untyped: axios' CommonJS
  // types declare AxiosError as a type alias, which no augmentation can extend); oauthRefusal() reads it typed.
  if (failure) throw restore(attachRefusal(failure.error), config)
  return restore(response as AxiosResponse, config)
}

function wrap(inner: AxiosAdapter, owner: Installation): AxiosAdapter {
  const adapter: AxiosAdapter = (config) => (owner.active && config.oauth !== false ? send(config, inner, owner) : inner(config))
  wrappers.set(adapter, { inner, owner })
  return adapter
}

/**
 * Makes an axios 1.x instance authorize every request with `auth`: an OAuth 1.0a signer from
 * `oauth1()` or any other `Authorizer` of `@oauthkit/core`. Returns `eject`, which removes it.
 *
 * It installs one request interceptor that puts a wrapper around the adapter axios would use. The
 * wrapper runs after every interceptor and `transformRequest`, on every attempt (axios-retry's
 * retries included), so it signs the request as it goes on the wire: `baseURL`, `url` and `params`
 * (as `paramsSerializer` writes them) and the serialised form body. Per request, set
 * `oauth: { placement }`, or `oauth: false` for an unsigned request. Nothing of yours is changed: the
 * adapter gets a signed copy of the config, and responses and errors carry the config it was given.
 *
 * Outside a browser — Node's `http` adapter, axios's `fetch` adapter, or an adapter of yours (a
 * caching wrapper, which then gets `maxRedirects: 0`) — redirects (up to `maxRedirects`, 21 by
 * default) are followed here: each hop is signed for its own URL and method, and a hop to an origin
 * that may not see the credentials carries none. `beforeRedirect` is not called for these hops. In
 * browsers (and with `xhr`) redirects are followed unseen, so an OAuth 2 bearer token or PLAINTEXT
 * secrets in the query or the body are refused (`placement_unsupported`): use the header placement.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { withOAuth } from '@oauthkit/axios'
 * import axios from 'axios'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * const api = axios.create({ baseURL: 'https://api.example.com/1.1/' })
 * const eject = withOAuth(api, signer, { placement: 'header' })
 *
 * const timeline = await api.get('statuses/home_timeline.json', { params: { count: 5 } })
 * await api.post('statuses/update.json', new URLSearchParams({ status: 'Hello' }), { oauth: { placement: 'body' } })
 * await api.get('https://cdn.example.com/avatar.png', { oauth: false })
 * eject()
 * ```
 */
export function withOAuth<Options extends AuthorizeOptions>(
  instance: AxiosInstance,
  auth: Authorizer<Options>,
  defaults: AdapterDefaults = {},
): () => void {
  const owner: Installation = { binding: bindAuthorizer(auth, defaults), active: true }
  const installAdapter = (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig => {
    const current = config.adapter
    const wrapped = typeof current === 'function' ? wrappers.get(current) : undefined
    if (wrapped?.owner === owner) return config // a retry: its config carries our wrapper already
    const inner = wrapped?.inner ?? getAdapter(current ?? instance.defaults.adapter ?? axios.defaults.adapter, config)
    config.adapter = wrap(inner, owner)
    return config
  }
  const id = instance.interceptors.request.use(installAdapter, null, { synchronous: true })
  return () => {
    owner.active = false
    instance.interceptors.request.eject(id)
  }
}
