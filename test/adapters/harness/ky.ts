import { withOAuth } from '@oauthkit/ky'
import ky from 'ky'
import ky1 from 'ky1'
import type { ContractRequest, Harness } from './types.ts'

type KyCall = (url: string, options: Record<string, unknown>) => { text(): Promise<string> } & Promise<Response>

function kyOptions(request: ContractRequest, retries: number): Record<string, unknown> {
  const options: Record<string, unknown> = {
    method: request.method,
    headers: request.headers,
    // ky retries only when it throws on an HTTP error status, so throw (and catch in send()) only then.
    throwHttpErrors: retries > 0,
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

function kyHarness(name: string, base: typeof ky | typeof ky1, prefixOption: 'prefixUrl' | 'prefix'): Harness {
  return {
    name,
    retries: true,
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
      return {
        async send(request) {
          // With a prefix, ky wants the input without a leading slash.
          const url = options.baseUrl && request.url.startsWith('/') ? request.url.slice(1) : request.url
          try {
            const response = await client(url, kyOptions(request, request.retries ?? 0))
            return { status: response.status, body: await response.text() }
          } catch (error) {
            const response = (error as { response?: unknown }).response
            if (!(response instanceof Response)) throw error
            // ky 2 has read the body of an error response into the error's `data` (parsed when JSON).
            const data = (error as { data?: unknown }).data
            const body = !response.bodyUsed ? await response.text() : typeof data === 'string' ? data : (JSON.stringify(data) ?? '')
            return { status: response.status, body }
          }
        },
      }
    },
  }
}

export const ky1Harness: Harness = kyHarness('ky@1', ky1, 'prefixUrl')
export const ky2Harness: Harness = kyHarness('ky@2', ky, 'prefix')
