/**
 * A function with the shape of `fetch`: the global one, undici's, a test double, or a wrapper (with
 * a proxy agent, logging, …). Whatever takes a `fetch` option in oauthkit takes this: `oauth1Session`,
 * `oauth2()` and its grant functions, and the fetch and ky adapters.
 *
 * @example
 * ```ts
 * import type { FetchLike } from '@oauthkit/core'
 *
 * const logged: FetchLike = async (input, init) => {
 *   const response = await fetch(input, init)
 *   console.assert(response.status < 500)
 *   return response
 * }
 * ```
 */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
