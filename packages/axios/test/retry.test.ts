// axios-retry re-enters the instance with the config the adapter was given: each attempt is signed afresh.
import { withOAuth } from '@oauthkit/axios'
import type { Placement } from '@oauthkit/core'
import { oauthRefusal } from '@oauthkit/core'
import { serverForSuite } from '@oauthkit/test-support'
import axios, { type AxiosInstance } from 'axios'
import axiosRetry from 'axios-retry'
import { describe, expect, test } from 'vitest'
import type { Received } from './server.ts'
import { signer, startServer } from './server.ts'

const server = serverForSuite(startServer)

function client(placement: Placement): AxiosInstance {
  const instance = axios.create({ baseURL: server.origin })
  axiosRetry(instance, { retries: 2, retryDelay: () => 0, retryCondition: (error) => error.response?.status === 503 })
  withOAuth(instance, signer(), { placement })
  return instance
}

const count = (text: string, name: string): number => [...new URLSearchParams(text)].filter(([key]) => key === name).length

describe('axios-retry', () => {
  test('a retried POST with the body placement: new nonce, one signature, the right Content-Length', async () => {
    const response = await client('body').post(
      '/flaky?key=post',
      { status: 'a longer status than before' },
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
    )
    expect(response.status).toBe(200)
    expect(server.requests).toHaveLength(2)
    const [first, second] = server.requests as [Received, Received]
    expect([first.problem, second.problem]).toEqual([undefined, undefined])
    expect(second.verified?.nonce).not.toBe(first.verified?.nonce)
    for (const received of server.requests) {
      expect(count(received.body, 'oauth_signature')).toBe(1)
      expect(Number(received.headers.get('content-length'))).toBe(Buffer.byteLength(received.body))
    }
  })

  test('a retried GET with the header placement is signed again', async () => {
    await client('header').get('/flaky', { params: { key: 'header' } })
    expect(server.requests.map((received) => [received.problem, received.verified?.nonce !== undefined])).toEqual([
      [undefined, true],
      [undefined, true],
    ])
    expect(server.requests[0]?.headers.get('authorization')).not.toBe(server.requests[1]?.headers.get('authorization'))
  })

  test('response.config and error.config are the config axios gave the adapter, not the signed copy', async () => {
    const instance = axios.create({ baseURL: server.origin })
    withOAuth(instance, signer(), { placement: 'query' })
    const response = await instance.post('/ok', 'a=1', { params: { p: 1 }, oauth: { placement: 'body' } })
    expect(response.config.url).toBe('/ok')
    expect(response.config.baseURL).toBe(server.origin)
    expect(response.config.params).toEqual({ p: 1 })
    expect(response.config.data).toBe('a=1')
    expect(response.config.headers.has('authorization')).toBe(false)
    expect(response.config.headers.has('content-length')).toBe(false)

    const error = await instance.get('/flaky', { params: { key: 'config' } }).catch((caught: unknown) => caught)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(503)
    const config = axios.isAxiosError(error) ? error.config : undefined
    expect([config?.url, config?.params, config?.headers.has('authorization')]).toEqual(['/flaky', { key: 'config' }, false])
    expect(axios.isAxiosError(error) && error.response?.config).toBe(config)
  })

  test("axios-retry sees a provider's refusal as an AxiosError with its refusal, and its retry is signed afresh", async () => {
    let refused = 0
    server.route('/once-refused', (received) => {
      if (refused++ > 0) return undefined
      return {
        status: 401,
        headers: { 'www-authenticate': 'OAuth oauth_problem="nonce_used"' },
        body: received.verified ? 'replayed nonce' : '',
      }
    })
    const instance = axios.create({ baseURL: server.origin })
    const seen: unknown[] = []
    axiosRetry(instance, {
      retries: 1,
      retryDelay: () => 0,
      retryCondition: (error) => {
        seen.push([error.response?.status, oauthRefusal(error)?.code, (error as { oauth?: unknown }).oauth === oauthRefusal(error)])
        return oauthRefusal(error)?.code === 'nonce_used'
      },
    })
    withOAuth(instance, signer())
    const response = await instance.get('/once-refused')
    expect(response.status).toBe(200)
    expect(seen).toEqual([[401, 'nonce_used', true]])
    const [first, second] = server.requests as [Received, Received]
    expect([first.problem, second.problem]).toEqual([undefined, undefined])
    expect(second.verified?.nonce).not.toBe(first.verified?.nonce)
  })
})
