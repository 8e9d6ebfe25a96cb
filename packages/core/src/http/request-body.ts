/**
 * A request body as oauthkit sees it. Only an `application/x-www-form-urlencoded` body (a string,
 * or `URLSearchParams`) contributes parameters to the signature; other bodies are sent unchanged
 * and, when a body hash is asked for, hashed.
 *
 * @example
 * ```ts
 * import type { RequestBody } from '@oauthkit/core'
 *
 * const form: RequestBody = new URLSearchParams({ status: 'hello' })
 * const json: RequestBody = JSON.stringify({ status: 'hello' })
 * ```
 */
export type RequestBody = string | URLSearchParams | ArrayBuffer | ArrayBufferView | Blob | FormData | ReadableStream | null
