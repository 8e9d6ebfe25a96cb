import { withOAuth } from '@oauthkit/got'
import type { Got, OptionsOfTextResponseBody } from 'got'
import got from 'got'
import got14 from 'got14'
import type { ContractRequest, Harness } from './types.ts'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The contract request in got's idiom: `searchParams`, `form`, `json`, a `FormData` body, `context.oauth`. */
function gotOptions(request: ContractRequest): OptionsOfTextResponseBody {
  const headers: Record<string, string> = { ...request.headers }
  const options: OptionsOfTextResponseBody = {
    method: request.method,
    headers,
    // Never throw on an HTTP status; got still retries a 503 before it hands the response back.
    throwHttpErrors: false,
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

function gotHarness(name: string, base: Got): Harness {
  return {
    name,
    retries: true,
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
      return {
        async send(request) {
          // With prefixUrl, got wants a relative input without a leading slash.
          const url = options.baseUrl && request.url.startsWith('/') ? request.url.slice(1) : request.url
          const response = await client(url, gotOptions(request))
          return { status: response.statusCode, body: response.body }
        },
      }
    },
  }
}

/** got 14 (installed as `got14`); its API is the one of got 16 for everything used here. */
export const got14Harness: Harness = gotHarness('got@14', got14 as unknown as Got)
export const got16Harness: Harness = gotHarness('got@16', got)
