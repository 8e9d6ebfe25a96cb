// Installing on an instance: other interceptors, eject(), the caller's objects, errors, adapters.
import { withOAuth } from '@oauthkit/axios'
import type { AuthorizedRequest, Authorizer } from '@oauthkit/core'
import { OAuth2Error, OAuthError } from '@oauthkit/core'
import { serverForSuite } from '@oauthkit/test-support'
import axios, { AxiosHeaders, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, test } from 'vitest'
import { failure } from '../../../test/fixtures/failure.ts'
import type { Received } from './server.ts'
import { credentialsIn, signer, startServer } from './server.ts'

const server = serverForSuite(startServer)

const plain = (): AxiosInstance => axios.create({ baseURL: server.origin, validateStatus: () => true })
const problems = (): (string | undefined)[] => server.requests.map((received) => received.problem)

describe('other interceptors', () => {
  test('run as before, whether installed before or after withOAuth, and what they set is signed', async () => {
    const before = plain()
    before.interceptors.request.use((config) => {
      config.headers.set('x-other', '1')
      config.params = { ...config.params, added: 'before' }
      return config
    })
    withOAuth(before, signer())
    const after = plain()
    withOAuth(after, signer())
    after.interceptors.request.use(async (config) => {
      config.headers.set('x-other', '1')
      return config
    })
    let seen = 0
    after.interceptors.response.use((response) => {
      seen++
      return response
    })
    await before.get('/a')
    await after.get('/b')
    expect(server.requests.map((received) => [received.headers.get('x-other'), received.problem])).toEqual([
      ['1', undefined],
      ['1', undefined],
    ])
    expect(server.requests[0]?.verified?.parameters).toEqual([['added', 'before']])
    expect(seen).toBe(1)
  })

  test('an interceptor that sets oauth: false makes the request unsigned', async () => {
    const instance = plain()
    instance.interceptors.request.use((config) => ({ ...config, oauth: false }))
    withOAuth(instance, signer())
    await instance.get('/a')
    expect(problems()).toEqual(['parameter_absent'])
  })
})

describe('eject()', () => {
  test('restores unsigned requests, and may be called twice', async () => {
    const instance = plain()
    const eject = withOAuth(instance, signer())
    await instance.get('/signed')
    eject()
    eject()
    await instance.get('/unsigned')
    expect(problems()).toEqual([undefined, 'parameter_absent'])
    expect(credentialsIn(server.requests[1] as Received)).toEqual([])
  })

  test('installing again after eject() signs once', async () => {
    const instance = plain()
    withOAuth(instance, signer())()
    withOAuth(instance, signer(), { placement: 'query' })
    await instance.get('/again')
    const received = server.requests[0] as Received
    expect([received.problem, received.verified?.location, received.headers.has('authorization')]).toEqual([undefined, 'query', false])
  })
})

describe('the caller', () => {
  test("config, headers, params and data objects are not changed, and the instance's defaults neither", async () => {
    const instance = plain()
    const adapterBefore = instance.defaults.adapter
    withOAuth(instance, signer(), { placement: 'body' })
    const headers = new AxiosHeaders({ 'Content-Type': 'application/x-www-form-urlencoded', 'X-Trace': 't' })
    const params = { ids: [1, 2] }
    const data = { status: 'hello' }
    const config = { headers, params, data, oauth: { placement: 'body' as const } }
    const snapshot = structuredClone({ headers: headers.toJSON(), params, data, oauth: config.oauth })
    await instance.post('/things', data, config)
    await instance.post('/things', data, config)
    expect(problems()).toEqual([undefined, undefined])
    expect({ headers: headers.toJSON(), params, data, oauth: config.oauth }).toEqual(snapshot)
    expect(Object.keys(config)).toEqual(['headers', 'params', 'data', 'oauth'])
    expect(instance.defaults.adapter).toBe(adapterBefore)
  })

  test('a URLSearchParams body is not changed', async () => {
    const instance = plain()
    withOAuth(instance, signer(), { placement: 'body' })
    const body = new URLSearchParams({ a: '1' })
    await instance.post('/things', body)
    expect([body.toString(), server.requests[0]?.verified?.location]).toEqual(['a=1', 'body'])
  })
})

describe('errors of the core', () => {
  test('reach the caller as the same object', async () => {
    const thrown = new OAuth2Error('token_unrenewable', 'the token expired')
    const failing: Authorizer = {
      kind: 'oauth2',
      placement: 'header',
      origins: [],
      authorize: async () => {
        throw thrown
      },
      strip: (): AuthorizedRequest => {
        throw thrown
      },
    }
    const instance = plain()
    withOAuth(instance, failing)
    expect(await failure(instance.get('/a'))).toBe(thrown)
    expect(server.requests).toHaveLength(0)
  })

  test("'body' on a GET is placement_unsupported, not an AxiosError", async () => {
    const instance = plain()
    withOAuth(instance, signer(), { placement: 'body' })
    const error = await failure(instance.get('/a'))
    expect(error).toBeInstanceOf(OAuthError)
    expect([(error as OAuthError).code, axios.isAxiosError(error)]).toEqual(['placement_unsupported', false])
  })

  test('invalid defaults throw in withOAuth', () => {
    expect(() => withOAuth(plain(), signer(), { origins: ['not a url'] })).toThrow(OAuthError)
  })
})

describe('adapters', () => {
  test('a custom adapter function gets a signed copy; oauth: false hands it the config unchanged', async () => {
    const seen: InternalAxiosRequestConfig[] = []
    const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
      seen.push(config)
      return { data: 'ok', status: 200, statusText: 'OK', headers: {}, config }
    }
    const instance = axios.create({ baseURL: 'https://api.example.com/v1/', adapter })
    withOAuth(instance, signer(), { placement: 'query' })
    const response = await instance.get('things', { params: { a: 1 } })
    expect(seen[0]?.url).toMatch(/^https:\/\/api\.example\.com\/v1\/things\?a=1&oauth_consumer_key=/)
    // maxRedirects: 0: a redirect comes back to the wrapper, which follows it (see redirect.test.ts).
    expect([seen[0]?.baseURL, seen[0]?.params, seen[0]?.maxRedirects]).toEqual([undefined, undefined, 0])
    expect(response.config.url).toBe('things')
    expect(response.config).not.toBe(seen[0])
    const unsigned = await instance.get('things', { oauth: false })
    expect(unsigned.config).toBe(seen[1])
    expect(seen[1]?.url).toBe('things')
  })

  test("axios's fetch adapter is signed too (its redirects are followed here, as http's are)", async () => {
    const instance = axios.create({ baseURL: server.origin, adapter: 'fetch' })
    withOAuth(instance, signer())
    const response = await instance.post('/fetch', 'a=1', { params: { q: 'x y' } })
    expect(response.status).toBe(200)
    expect(server.requests[0]?.verified?.parameters).toEqual([
      ['q', 'x y'],
      ['a', '1'],
    ])
  })
})
