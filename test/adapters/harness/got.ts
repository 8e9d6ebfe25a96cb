import { oauthRefusal } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/got'
import type { Got, OptionsOfTextResponseBody } from 'got'
import got, { HTTPError } from 'got'
import got14, { HTTPError as HTTPError14 } from 'got14'
import type { ContractRequest, Harness } from './types.ts'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The contract request in got's idiom: `searchParams`, `form`, `json`, a `FormData` body, `context.oauth`. */
function gotOptions(request: ContractRequest, strict = false): OptionsOfTextResponseBody {
  const headers: Record<string, string> = { ...request.headers }
  const options: OptionsOfTextResponseBody = {
    method: request.method,
    headers,
    // Never throw on an HTTP status (unless strict); got still retries a 503 before it hands the response back.
    throwHttpErrors: strict,
    retry: {
      limit: request.retries ?? 0,
      methods: METHODS as NonNullable<OptionsOfTextResponseBody['retry']>['methods'],
      statusCodes: [503],
      // got's own rules (limit, method, status) decide; 0 means "do not retry", so 1 ms is "now".
      calculateDelay: ({ computedValue }) => (computedValue > 0 ? 1 : 0),
    },
  }
  if (request.query) options.searchParams = new URLSearchParams(request.query)
  if (request.form) {
    const names = request.form.map(([name]) => name)
    if (new Set(names).size === names.length) options.form = Object.fromEntries(request.form)
    else {
      // got's `form` is a plain object and cannot repeat a name: send the same form as a string.
      options.body = new URLSearchParams(request.form).toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
  }
  if (request.json !== undefined) options.json = request.json
  if (request.multipart) {
    const data = new FormData()
    for (const [name, value] of Object.entries(request.multipart)) data.append(name, value)
    options.body = data
  }
  if (request.oauth !== undefined) options.context = { oauth: request.oauth }
  return options
}

function gotHarness(name: string, base: Got, ErrorClass: typeof HTTPError): Harness {
  return {
    name,
    retries: true,
    httpError(error) {
      // The class of this very major: got 14's HTTPError is not got 16's.
      if (!(error instanceof ErrorClass)) return undefined
      return { status: error.response.statusCode, oauth: (error as { oauth?: unknown }).oauth }
    },
    create(auth, defaults, options = {}) {
      let instance = base
      if (options.baseUrl) instance = instance.extend({ prefixUrl: options.baseUrl })
      if (options.withOtherHook) {
        instance = instance.extend({
          hooks: {
            beforeRequest: [
              (gotOptions) => {
                gotOptions.headers['x-other'] = '1'
              },
            ],
          },
        })
      }
      const client = withOAuth(instance, auth, defaults)
      // With prefixUrl, got wants a relative input without a leading slash.
      const path = (request: ContractRequest): string =>
        options.baseUrl && request.url.startsWith('/') ? request.url.slice(1) : request.url
      return {
        async send(request) {
          const response = await client(path(request), gotOptions(request))
          return { status: response.statusCode, body: response.body, refusal: oauthRefusal(response) }
        },
        async strict(request) {
          try {
            const response = await client(path(request), gotOptions(request, true))
            return { response: { status: response.statusCode, body: response.body, refusal: oauthRefusal(response) } }
          } catch (thrown) {
            return { thrown }
          }
        },
      }
    },
  }
}

/** got 14 (installed as `got14`); its API is the one of got 16 for everything used here. */
export const got14Harness: Harness = gotHarness('got@14', got14 as unknown as Got, HTTPError14 as unknown as typeof HTTPError)
export const got16Harness: Harness = gotHarness('got@16', got, HTTPError)
