import { oauthRefusal } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/fetch'
import { expect } from 'vitest'
import type { ContractRequest, Harness } from './types.ts'

function toInit(request: ContractRequest): { url: string; init: RequestInit } {
  const headers = new Headers(request.headers)
  let body: BodyInit | undefined
  if (request.form) body = new URLSearchParams(request.form)
  if (request.json !== undefined) {
    body = JSON.stringify(request.json)
    headers.set('content-type', 'application/json')
  }
  if (request.multipart) {
    const data = new FormData()
    for (const [name, value] of Object.entries(request.multipart)) data.append(name, value)
    body = data
  }
  const query = request.query ? new URLSearchParams(request.query).toString() : ''
  const url = query ? `${request.url}${request.url.includes('?') ? '&' : '?'}${query}` : request.url
  return { url, init: { method: request.method, headers, body: body ?? null } }
}

export const fetchHarness: Harness = {
  name: 'fetch',
  retries: false,
  // fetch has no error for an HTTP status: every response comes back.
  httpError: () => undefined,
  create(auth, defaults, options = {}) {
    // Resolved at each call, so msw's patched fetch is the one used.
    const base = options.withOtherHook
      ? (input: RequestInfo | URL, init?: RequestInit) => {
          const headers = new Headers(init?.headers)
          headers.set('x-other', '1')
          return fetch(input, { ...init, headers })
        }
      : undefined
    const signedFetch = withOAuth(base, auth, defaults)
    const send = async (request: ContractRequest) => {
      const { url, init } = toInit(request)
      const absolute = options.baseUrl && !/^https?:/.test(url) ? `${options.baseUrl.replace(/\/$/, '')}${url}` : url
      const response = await signedFetch(absolute, { ...init, oauth: request.oauth })
      // The refusal is read before the body: it was recorded without reading it.
      const refusal = oauthRefusal(response)
      expect(response.bodyUsed).toBe(false)
      return { status: response.status, body: await response.text(), refusal }
    }
    return { send, strict: async (request) => ({ response: await send(request) }) }
  },
}
