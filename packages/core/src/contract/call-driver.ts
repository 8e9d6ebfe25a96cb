import type { RequestParts } from '../http/request-parts.ts'
import type { AuthorizedWithChanges, ResponseParts } from './authorizer.ts'
import type { OAuthCall } from './binding.ts'
import { NOTHING } from './binding.ts'
import type { RedirectHop } from './redirect.ts'
import { nextRedirectHop } from './redirect.ts'
import type { OAuthRefusal } from './refusal.ts'
import { recordRefusal } from './refused-responses.ts'

/**
 * What the call driver needs of an HTTP client, in the client's own types. `Exchange` is whatever
 * one `send` resolves to: a response, or (axios) a response with the error the client threw for it.
 */
export interface CallClient<Exchange> {
  /** Sends one authorized attempt of `request` (the unsigned request of this attempt) through the client. */
  send(authorized: AuthorizedWithChanges, request: RequestParts): Promise<Exchange>
  /** The HTTP status of an exchange, or `undefined` when the client got no response (a network error). */
  status(exchange: Exchange): number | undefined
  /** The `Location` header of a response, read only when the driver follows redirects. */
  location(exchange: Exchange): string | null | undefined
  /** The response as the authorizer reads it, built only when the authorizer would look at it. */
  read(exchange: Exchange): ResponseParts
  /** Frees a response whose body nobody will read (a redirect, a response replaced by a replay). */
  dispose(exchange: Exchange): unknown
  /**
   * The unsigned request of a redirect hop: `hop`'s method, URL and body, and `request`'s headers
   * without `hop.dropHeaders` (and without what the client drops itself across origins). By default
   * exactly that, with the headers as a `Headers`: a client that keeps its own kind of headers gives
   * its own.
   */
  redirect?(request: RequestParts, hop: RedirectHop): RequestParts
  /** The error of a call that went past `maxRedirects`, as the client words it. */
  tooManyRedirects(exchange: Exchange): Error
  /**
   * Whether the driver follows redirects: not where the client follows them unseen (a browser) or
   * the caller does (`redirect: 'manual'`); every response is the final one then.
   */
  follow: boolean
  /** How many redirects one call follows; one more fails with `tooManyRedirects`. */
  maxRedirects: number
  /** Whether `request` can be sent again (a stream body cannot): no replay and no 307/308 hop otherwise. */
  resendable?(request: RequestParts): boolean
}

/** How a driven call ended: the final exchange, and what the authorizer's review of it found. */
export interface CallOutcome<Exchange> {
  /** The exchange of the last attempt, handed back to the caller as it is. */
  exchange: Exchange
  /** What that response says of the refusal (an OAuth problem report, a bearer challenge). */
  refusal?: OAuthRefusal
  /** An error of the authorizer's own for that response (a failed token refresh), to throw. */
  error?: unknown
}

/** A hop's unsigned request: its method, URL and body, the headers without those it drops. */
function redirectedRequest(request: RequestParts, hop: RedirectHop): RequestParts {
  const headers = new Headers(request.headers)
  for (const name of hop.dropHeaders) headers.delete(name)
  return { method: hop.method, url: hop.url, headers, body: hop.body }
}

/**
 * Runs one client call: authorizes each attempt through `call`, sends it with `client.send`,
 * follows redirect hops as the Fetch standard does (each hop authorized for its own URL, stripped
 * of credentials where its origin may not see them), shows the final response to the authorizer
 * and replays the request at most once when it asks, and disposes of every body nobody will read.
 * It throws only what `send`, `call.attempt` and `tooManyRedirects` throw; the authorizer's
 * verdict comes back in {@link CallOutcome.refusal} or {@link CallOutcome.error} (see {@link settle}).
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { bindAuthorizer, driveCall, settle } from '@oauthkit/core/adapter'
 *
 * const call = bindAuthorizer(oauth1({ consumerKey: 'key', consumerSecret: 'secret' })).call('https://api.example.com/a', undefined)
 * const response = settle(
 *   await driveCall(call, { method: 'GET', url: 'https://api.example.com/a', headers: new Headers() }, {
 *     send: (authorized) => fetch(authorized.url, { method: authorized.method, headers: authorized.headers, redirect: 'manual' }),
 *     status: (response) => response.status,
 *     location: (response) => response.headers.get('location'),
 *     read: (response) => ({ status: response.status, headers: response.headers, text: () => response.clone().text() }),
 *     dispose: (response) => response.body?.cancel(),
 *     tooManyRedirects: () => new TypeError('Too many redirects'),
 *     follow: true,
 *     maxRedirects: 20,
 *   }),
 * )
 * console.log(response.status)
 * ```
 */
export async function driveCall<Exchange>(
  call: OAuthCall,
  request: RequestParts,
  client: CallClient<Exchange>,
): Promise<CallOutcome<Exchange>> {
  let parts = request
  for (let hops = 0; ; ) {
    const exchange = await client.send(await call.attempt(parts), parts)
    const status = client.status(exchange)
    if (status === undefined) return { exchange }
    const resendable = client.resendable?.(parts) ?? true
    const hop = client.follow ? nextRedirectHop(parts, status, client.location(exchange)) : undefined
    // A body that cannot be sent again ends the call at a 307 or 308, as a client without redirects would.
    if (hop === undefined || (!hop.bodyDropped && !resendable)) {
      const found = resendable && call.reviews(status) ? await call.review(client.read(exchange), parts) : NOTHING
      if (!found.replay) {
        const outcome: CallOutcome<Exchange> = { exchange }
        if (found.refusal !== undefined) outcome.refusal = found.refusal
        if (found.error !== undefined) outcome.error = found.error
        return outcome
      }
      await client.dispose(exchange)
      continue // the same request once more: `call.attempt` signs it afresh
    }
    await client.dispose(exchange)
    if (hops++ >= client.maxRedirects) throw client.tooManyRedirects(exchange)
    parts = client.redirect ? client.redirect(parts, hop) : redirectedRequest(parts, hop)
  }
}

/**
 * The exchange of a driven call, or the authorizer's own error thrown. A refused response comes
 * back as it is, its {@link OAuthRefusal} recorded for `oauthRefusal` against `responseOf(exchange)`
 * (the exchange itself by default): the client decides whether a status is an error, as it would
 * without oauthkit, and its error for it (with that response) carries the refusal too.
 *
 * @example
 * ```ts
 * import { settle } from '@oauthkit/core/adapter'
 *
 * const response = settle({ exchange: new Response('ok') })
 * console.assert(response.status === 200)
 * ```
 */
export function settle<Exchange>(
  outcome: CallOutcome<Exchange>,
  responseOf: (exchange: Exchange) => unknown = (exchange) => exchange,
): Exchange {
  if ('error' in outcome) throw outcome.error
  // A refusal comes only with a response: `responseOf` has one to give.
  if (outcome.refusal) recordRefusal(responseOf(outcome.exchange) as object, outcome.refusal)
  return outcome.exchange
}
