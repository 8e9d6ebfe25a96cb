import { withOAuth } from '@oauthkit/axios'
import { oauthRefusal } from '@oauthkit/core'
import type { AxiosRequestConfig } from 'axios'
import axios, { isAxiosError } from 'axios'
import axiosRetry from 'axios-retry'
import { expect } from 'vitest'
import type { ContractRequest, Harness } from './types.ts'

const FORM = 'application/x-www-form-urlencoded'

/** Pairs as an axios form object: a repeated name becomes an array, written `name=a&name=b` (`indexes: null`). */
function formObject(pairs: [string, string][]): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {}
  for (const [name, value] of pairs) {
    const previous = form[name]
    form[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
  }
  return form
}

function axiosConfig(request: ContractRequest): AxiosRequestConfig {
  const headers: Record<string, string> = { ...request.headers }
  const config: AxiosRequestConfig = { method: request.method, url: request.url, headers, responseType: 'text' }
  // Duplicate names and their order survive only as URLSearchParams, which axios sends as they are.
  if (request.query) config.params = new URLSearchParams(request.query)
  if (request.form) {
    config.data = formObject(request.form)
    config.formSerializer = { indexes: null }
    headers['Content-Type'] = FORM
  }
  if (request.json !== undefined) config.data = request.json
  if (request.multipart) {
    const data = new FormData()
    for (const [name, value] of Object.entries(request.multipart)) data.append(name, value)
    config.data = data
  }
  if (request.oauth !== undefined) config.oauth = request.oauth
  config['axios-retry'] = { retries: request.retries ?? 0 }
  return config
}

/** axios 1.x with axios-retry: retries on 503 without delay, and never throws on an HTTP status. */
export const axiosHarness: Harness = {
  name: 'axios',
  retries: true,
  ejectable: true,
  create(auth, defaults, options = {}) {
    const instance = axios.create({ baseURL: options.baseUrl, validateStatus: () => true })
    if (options.withOtherHook) {
      instance.interceptors.request.use((config) => {
        config.headers.set('x-other', '1')
        return config
      })
    }
    axiosRetry(instance, {
      retries: 0,
      retryDelay: () => 0,
      retryCondition: (error) => error.response?.status === 503,
      // validateStatus passes every status, so axios-retry must see the 503 through validateResponse.
      validateResponse: (response) => response.status !== 503,
    })
    const eject = withOAuth(instance, auth, defaults)
    return {
      async send(request) {
        try {
          const response = await instance.request<string>(axiosConfig(request))
          return { status: response.status, body: String(response.data ?? ''), refusal: oauthRefusal(response) }
        } catch (error) {
          // A 503 after the last retry comes back as an error carrying the response.
          if (!isAxiosError(error) || error.response === undefined) throw error
          return { status: error.response.status, body: String(error.response.data ?? ''), refusal: oauthRefusal(error) }
        }
      },
      async strict(request) {
        try {
          // axios's own validateStatus decides (axios-retry's validateResponse would override it).
          const config = { ...axiosConfig(request), validateStatus: (status: number) => status >= 200 && status < 300 }
          config['axios-retry'] = { retries: request.retries ?? 0, validateResponse: null }
          const response = await instance.request<string>(config)
          return { response: { status: response.status, body: String(response.data ?? ''), refusal: oauthRefusal(response) } }
        } catch (thrown) {
          return { thrown }
        }
      },
      eject,
    }
  },
  httpError(error) {
    if (!isAxiosError(error) || error.response === undefined) return undefined
    expect(error.status).toBe(error.response.status)
    expect(error.config?.url).toBeDefined()
    return { status: error.response.status, oauth: (error as { oauth?: unknown }).oauth }
  },
}
