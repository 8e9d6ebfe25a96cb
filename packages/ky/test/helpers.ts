import { oauth1 } from '@oauthkit/core'

export const NOW = 1_700_000_000
/** An HMAC-SHA1 signer with a fixed timestamp. */
export const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', timestamp: NOW })

/**
 * A fetch that records what it was given (each request, and its init) and answers `{}` as JSON, or
 * what `answer` gives for the request.
 */
export function recordingFetch(answer: (request: Request) => Response | undefined = () => undefined) {
  const sent: Request[] = []
  const inits: (RequestInit | undefined)[] = []
  const fetchFunction = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    sent.push(request)
    inits.push(init)
    return answer(request) ?? new Response('{}', { headers: { 'content-type': 'application/json' } })
  }
  return { sent, inits, fetchFunction }
}
