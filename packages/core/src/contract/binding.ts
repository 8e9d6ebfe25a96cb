import { OAuthError } from '../errors/errors.ts'
import type { OriginInput } from '../http/origins.ts'
import { mayCarryCredentials, normalizeOrigins } from '../http/origins.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { requestUrl } from '../http/request-parts.ts'
import { authorizedRequest, headerDifference } from './authorized-request.ts'
import type { AuthorizedRequest, AuthorizedWithChanges, AuthorizeOptions, Authorizer, ResponseParts } from './authorizer.ts'
import type { Placement } from './placement.ts'
import { assertPlacement } from './placement.ts'
import { assertStaysOnRedirect } from './redirect.ts'
import type { OAuthRefusal } from './refusal.ts'
import { refusalOf } from './refusal.ts'

function asIs(request: RequestParts): AuthorizedWithChanges {
  return authorizedRequest(request, requestUrl(request).href, request.body ?? null, {})
}

/** An authorizer's result with its `headerChanges`, worked out for an authorizer that did not set them. */
function withHeaderChanges(authorized: AuthorizedRequest, request: RequestParts): AuthorizedWithChanges {
  if (authorized.headerChanges !== undefined) return authorized as AuthorizedWithChanges
  if (!(authorized.headers instanceof Headers)) {
    throw new TypeError("The authorizer's result has neither headerChanges nor headers")
  }
  return { ...authorized, headerChanges: headerDifference(request.headers, authorized.headers) }
}

/**
 * What every adapter's `withOAuth(client, auth, defaults)` takes as `defaults`.
 *
 * @example
 * ```ts
 * import type { AdapterDefaults } from '@oauthkit/core'
 *
 * const defaults: AdapterDefaults = { placement: 'query', origins: ['https://api.example.com', 'https://upload.example.com'] }
 * ```
 */
export interface AdapterDefaults {
  /** The placement of every request of this client, unless a request says otherwise. */
  placement?: Placement | undefined
  /**
   * The origins credentials may be sent to, besides the authorizer's own. Without any, credentials go
   * only to the origin of each request as it was made, never across a redirect to another origin.
   */
  origins?: readonly OriginInput[] | undefined
}

/**
 * Per-request OAuth options in every client's idiom (axios `config.oauth`, ky and got
 * `context.oauth`, fetch `init.oauth`): options for the authorizer, or `false` to send the request
 * without credentials.
 *
 * @example
 * ```ts
 * import type { RequestOAuthOptions } from '@oauthkit/core'
 *
 * const inQuery: RequestOAuthOptions = { placement: 'query' }
 * const unsigned: RequestOAuthOptions = false
 * ```
 */
export type RequestOAuthOptions = AuthorizeOptions | false

/**
 * What the review of a response found: a replay to send, what the response says of the refusal
 * (for the adapter to hand back with the response or its client's error), or an error of the
 * authorizer's own to throw.
 *
 * @example
 * ```ts
 * import type { ReviewFinding } from '@oauthkit/core/adapter'
 *
 * const nothing: ReviewFinding = { replay: false }
 * ```
 */
export interface ReviewFinding {
  /** Send the request once more (a corrected clock, a refreshed token). */
  replay: boolean
  /** What the refused response says (a problem report, a bearer challenge), the base string with it. */
  refusal?: OAuthRefusal
  /** An error of the authorizer itself (a failed token refresh), for the adapter to throw. */
  error?: unknown
}

/** @internal A review that found nothing: no replay, no error. */
export const NOTHING: ReviewFinding = Object.freeze({ replay: false })

/** One client call as an adapter sees it: the authorizer, the defaults, and the call's own options. */
export interface OAuthCall {
  /**
   * Authorizes or strips one attempt (first try, retry, or redirect hop) of this call. The result
   * always has `headerChanges`: what to apply to the client's own headers.
   */
  attempt(request: RequestParts): Promise<AuthorizedWithChanges>
  /**
   * Shows the authorizer the final response of an attempt, and says what it found: `replay` means
   * send the request again, through `attempt`, with its body intact (at most once per call);
   * `refusal` is what the response says of the refusal (an OAuth problem report, a bearer
   * challenge); `error` an error of the authorizer's own (a failed refresh). Returned, not thrown.
   */
  review(response: ResponseParts, request: RequestParts): Promise<ReviewFinding>
  /**
   * Whether `review` can act on a response with this status: not for an unsigned call, an
   * authorizer without `onResponse`, or a status outside its `onResponseStatuses`. An adapter that
   * gets `false` skips the review, and building its `ResponseParts`: the verdict would be `undefined`.
   */
  reviews(status: number): boolean
  /** Whether this call is sent without credentials (`oauth: false`). */
  readonly unsigned: boolean
}

/** An adapter's view of an authorizer with its defaults: one {@link OAuthCall} per client call. */
export interface OAuthBinding {
  /**
   * Starts a call whose first request goes to `initialUrl`. `unseenRedirects`: the platform follows
   * this call's redirects where no code sees them (a browser), so `attempt` refuses to put a bearer
   * token or PLAINTEXT secrets in the query or the body, which a redirect takes to any origin.
   */
  call(initialUrl: string | URL, options: RequestOAuthOptions | undefined, unseenRedirects?: boolean): OAuthCall
}

/**
 * Binds an authorizer to an adapter's defaults. Each client call gets an {@link OAuthCall} whose
 * `attempt` authorizes a request when its URL may carry credentials and strips them otherwise, so
 * that every adapter applies the same origin rule and the same per-request options. Adapters call it
 * once in `withOAuth`; invalid defaults throw there.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { bindAuthorizer } from '@oauthkit/core/adapter'
 *
 * const binding = bindAuthorizer(oauth1({ consumerKey: 'key', consumerSecret: 'secret' }), { placement: 'header' })
 * const call = binding.call('https://api.example.com/a', { placement: 'query' })
 * const first = await call.attempt({ method: 'GET', url: 'https://api.example.com/a' })
 * const elsewhere = await call.attempt({ method: 'GET', url: 'https://cdn.example.net/a', headers: first.headers })
 * console.assert(!elsewhere.headers.has('authorization'))
 * ```
 */
export function bindAuthorizer<Options extends AuthorizeOptions>(auth: Authorizer<Options>, defaults: AdapterDefaults = {}): OAuthBinding {
  const check = (placement: unknown, where: string): void => {
    assertPlacement(placement, where)
    const usable = auth.placements
    if (usable !== undefined && !usable.includes(placement)) {
      throw new OAuthError(
        'invalid_options',
        `${where}: this ${auth.kind} authorizer cannot use placement '${placement}'${placement.includes('+') ? ' (it sends the credentials twice)' : ''}; use ${usable.map((usableOne) => `'${usableOne}'`).join(', ')}`,
      )
    }
  }
  if (defaults.placement !== undefined) check(defaults.placement, 'withOAuth() defaults')
  const origins = [...new Set([...auth.origins, ...normalizeOrigins(defaults.origins)])]
  return {
    call(initialUrl, options, unseenRedirects) {
      if (options === false)
        return { unsigned: true, attempt: async (request) => asIs(request), review: async () => NOTHING, reviews: () => false }
      if (options?.placement !== undefined) check(options.placement, 'per-request oauth options')
      const placement = options?.placement ?? defaults.placement ?? auth.placement
      const merged = { ...options, placement } as Options
      // A redirect hop that lost its body (a POST answered by 303) cannot carry a form: the body
      // placements move to the query there, as Falcon's UseHeader.NONE does for a GET. A bearer
      // token (OAuth 2) goes to the header instead: it is never put in a URL unless 'query' was chosen.
      const bodyOnHop = auth.kind === 'oauth2' ? 'header' : 'query'
      const hopPlacement = placement === 'body' ? bodyOnHop : placement === 'header+body' ? 'header+query' : placement
      const onHop = { ...options, placement: hopPlacement } as Options
      const scope = { initialUrl, origins }
      // The requests attempt() authorized, with the URL they had then (and the base string they were
      // signed over): review() shows the authorizer only their responses, and decides again for a
      // request object since sent elsewhere.
      const authorized = new WeakMap<RequestParts, { url: string; baseString?: string | undefined }>()
      const mayCarry = (request: RequestParts): boolean =>
        authorized.get(request)?.url === String(request.url) || mayCarryCredentials(requestUrl(request), scope)
      let attempts = 0
      let replayed = false
      return {
        unsigned: false,
        reviews: (status) => auth.onResponse !== undefined && (auth.onResponseStatuses?.includes(status) ?? true),
        async review(response, request) {
          if (auth.onResponse === undefined || !mayCarry(request)) return NOTHING
          if (response.url && !mayCarryCredentials(response.url, scope)) return NOTHING
          let verdict: 'retry' | undefined
          try {
            verdict = await auth.onResponse(response, request, merged)
          } catch (error) {
            const refusal = refusalOf(error, authorized.get(request)?.baseString)
            return refusal === undefined ? { replay: false, error } : { replay: false, refusal }
          }
          if (verdict !== 'retry' || replayed) return NOTHING
          replayed = true
          return { replay: true }
        },
        attempt: async (request) => {
          const first = attempts++ === 0
          if (!mayCarryCredentials(requestUrl(request), scope)) return withHeaderChanges(auth.strip(request), request)
          const method = request.method.toUpperCase()
          const hop = !first && (method === 'GET' || method === 'HEAD')
          if (unseenRedirects) assertStaysOnRedirect(auth, hop ? hopPlacement : placement, request)
          const result = await auth.authorize(request, hop ? onHop : merged)
          // An OAuth 1.0a signer's result has the base string: kept for the refusal of this request.
          const baseString = (result as { oauth?: { baseString?: unknown } }).oauth?.baseString
          authorized.set(request, { url: String(request.url), baseString: typeof baseString === 'string' ? baseString : undefined })
          return withHeaderChanges(result, request)
        },
      }
    },
  }
}
