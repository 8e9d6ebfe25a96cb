import type { FetchLike } from '@oauthkit/core'

/** What a scripted authorization server saw of one request. */
export interface SeenRequest {
  url: URL
  method: string
  headers: Headers
  form: URLSearchParams
  redirect: RequestRedirect | undefined
}

export type Answer = Response | ((request: SeenRequest) => Response | Promise<Response>)

/**
 * A fetch for the token requests that answers from a script, in order, and records what it was
 * sent. The last answer repeats when the script runs out.
 */
export function scriptedServer(...answers: Answer[]): {
  fetch: FetchLike
  requests: SeenRequest[]
} {
  const requests: SeenRequest[] = []
  let index = 0
  return {
    requests,
    async fetch(input, init = {}) {
      const seen: SeenRequest = {
        url: new URL(String(input)),
        method: init.method ?? 'GET',
        headers: new Headers(init.headers),
        form: new URLSearchParams(typeof init.body === 'string' ? init.body : ''),
        redirect: init.redirect,
      }
      requests.push(seen)
      const answer = answers[Math.min(index++, answers.length - 1)]
      if (answer === undefined) throw new Error('no answer scripted')
      const response = typeof answer === 'function' ? await answer(seen) : answer
      return response.clone()
    },
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

/** A clock that only moves when told to; milliseconds. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance(seconds: number): void; seconds(): number } {
  let current = start
  return {
    now: () => current,
    advance(seconds) {
      current += seconds * 1000
    },
    seconds: () => Math.floor(current / 1000),
  }
}

/** Resolves once every promise queued so far has run its continuation. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** A promise with its resolvers outside, to hold a server's answer until the test lets it go. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

export const TOKEN_ENDPOINT = 'https://as.example.com/token'
