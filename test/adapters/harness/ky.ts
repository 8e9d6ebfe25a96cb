import { oauthRefusal } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/ky'
import ky, { HTTPError } from 'ky'
import ky1, { HTTPError as HTTPError1 } from 'ky1'
import type { ContractRequest, Harness } from './types.ts'

type KyCall = (url: string, options: Record<string, unknown>) => { text(): Promise<string> } & Promise<Response>

function kyOptions(request: ContractRequest, retries: number, strict = false): Record<string, unknown> {
  const options: Record<string, unknown> = {
    method: request.method,
    headers: request.headers,
    // ky retries only when it throws on an HTTP error status, so throw (and catch in send()) only then.
    throwHttpErrors: strict || retries > 0,
    retry: {
      limit: retries,
      methods: ['get', 'post', 'put', 'patch', 'delete', 'head'],
      statusCodes: [503],
      delay: () => 0,
      backoffLimit: 0,
    },
  }
  if (request.query) options.searchParams = request.query
  if (request.form) options.body = new URLSearchParams(request.form)
  if (request.json !== undefined) options.json = request.json
  if (request.multipart) {
    const data = new FormData()
    for (const [name, value] of Object.entries(request.multipart)) data.append(name, value)
    options.body = data
  }
  if (request.oauth !== undefined) options.context = { oauth: request.oauth }
  return options
}

/** The body of an error's response: ky 2 has read it into the error's `data` (parsed when JSON). */
async function errorBody(error: unknown, response: Response): Promise<string> {
  const data = (error as { data?: unknown }).data
  return !response.bodyUsed ? await response.text() : typeof data === 'string' ? data : (JSON.stringify(data) ?? '')
}

function kyHarness(
  name: string,
  base: typeof ky | typeof ky1,
  prefixOption: 'prefixUrl' | 'prefix',
  ErrorClass: typeof HTTPError1,
): Harness {
  return {
    name,
    retries: true,
    httpError(error) {
      // The class of this very major: ky 1's HTTPError is not ky 2's.
      if (!(error instanceof ErrorClass)) return undefined
      return { status: error.response.status, oauth: (error as { oauth?: unknown }).oauth }
    },
    create(auth, defaults, options = {}) {
      const configured: Record<string, unknown> = {}
      if (options.baseUrl) configured[prefixOption] = options.baseUrl
      if (options.withOtherHook) {
        configured.hooks = {
          beforeRequest: [
            (first: Request | { request: Request }) => {
              const request = first instanceof Request ? first : first.request
              request.headers.set('x-other', '1')
            },
          ],
        }
      }
      const client = withOAuth((base as typeof ky).extend(configured as never), auth, defaults) as unknown as KyCall
      // With a prefix, ky wants the input without a leading slash.
      const path = (request: ContractRequest): string =>
        options.baseUrl && request.url.startsWith('/') ? request.url.slice(1) : request.url
      return {
        async send(request) {
          try {
            const response = await client(path(request), kyOptions(request, request.retries ?? 0))
            return { status: response.status, body: await response.text(), refusal: oauthRefusal(response) }
          } catch (error) {
            const response = (error as { response?: unknown }).response
            if (!(response instanceof Response)) throw error
            return { status: response.status, body: await errorBody(error, response), refusal: oauthRefusal(error) }
          }
        },
        async strict(request) {
          try {
            const response = await client(path(request), kyOptions(request, request.retries ?? 0, true))
            return { response: { status: response.status, body: await response.text(), refusal: oauthRefusal(response) } }
          } catch (thrown) {
            return { thrown }
          }
        },
      }
    },
  }
}

export const ky1Harness: Harness = kyHarness('ky@1', ky1, 'prefixUrl', HTTPError1)
export const ky2Harness: Harness = kyHarness('ky@2', ky, 'prefix', HTTPError as unknown as typeof HTTPError1)
