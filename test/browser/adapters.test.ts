// The fetch and ky adapters and axios's XHR adapter in Chromium: each signs with WebCrypto and the
// loopback server verifies what arrived.
import { withOAuth as withAxios } from '@oauthkit/axios'
import { oauth1, oauth2 } from '@oauthkit/core'
import { withOAuth as withFetch } from '@oauthkit/fetch'
import { withOAuth as withKy } from '@oauthkit/ky'
import axios, { type AxiosAdapter } from 'axios'
import ky from 'ky'
import { expect, inject, test, vi } from 'vitest'
import type { Verdict } from './server.ts'

const server = inject('oauthServer')
let sequence = 0
const signer = oauth1({
  consumerKey: server.consumer.key,
  consumerSecret: server.consumer.secret,
  token: server.token.token,
  tokenSecret: server.token.secret,
  signatureMethod: 'HMAC-SHA256',
  timestamp: server.now,
  nonce: () => `adapters-${++sequence}`,
  crypto: 'webcrypto',
})
const form = { status: 'Hello Ladies + Gentlemen, a signed OAuth request!', tags: 'a&b=c' }

test('fetch: a GET with a query, a POST form in the body placement, and an unsigned call', async () => {
  const signedFetch = withFetch(fetch, signer)
  const get = await signedFetch(`${server.origin}/fetch?q=a+b&empty=`)
  expect(await get.json()).toMatchObject({
    verified: true,
    location: 'header',
    parameters: [
      ['q', 'a b'],
      ['empty', ''],
    ],
  })
  const post = await signedFetch(`${server.origin}/fetch`, {
    method: 'POST',
    body: new URLSearchParams(form),
    oauth: { placement: 'body' },
  })
  expect(await post.json()).toMatchObject({ verified: true, location: 'body', parameters: Object.entries(form) })
  const unsigned = await signedFetch(`${server.origin}/fetch`, { oauth: false })
  expect(unsigned.status).toBe(401)
  expect(await unsigned.json()).toMatchObject({ verified: false, problem: 'parameter_absent' })
})

test('ky: searchParams, a form body, and the query placement through context', async () => {
  const api = withKy(ky.create({ baseUrl: `${server.origin}/` }), signer)
  expect(await api.get('ky', { searchParams: { page: 2, sort: 'new' } }).json<Verdict>()).toMatchObject({
    verified: true,
    parameters: [
      ['page', '2'],
      ['sort', 'new'],
    ],
  })
  expect(await api.post('ky', { body: new URLSearchParams(form) }).json<Verdict>()).toMatchObject({
    verified: true,
    method: 'POST',
    parameters: Object.entries(form),
  })
  expect(await api.delete('ky/1', { context: { oauth: { placement: 'query' } } }).json<Verdict>()).toMatchObject({
    verified: true,
    method: 'DELETE',
    location: 'query',
  })
})

test('axios with its XHR adapter: params, a form string and a PUT', async () => {
  const opened = vi.spyOn(XMLHttpRequest.prototype, 'open')
  const api = axios.create({ baseURL: server.origin, adapter: 'xhr' })
  withAxios(api, signer)
  expect((await api.get<Verdict>('/axios', { params: { ids: [1, 2], q: 'x y' } })).data).toMatchObject({
    verified: true,
    parameters: [
      ['ids[]', '1'],
      ['ids[]', '2'],
      ['q', 'x y'],
    ],
  })
  const post = await api.post<Verdict>('/axios', new URLSearchParams(form).toString(), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
  expect(post.data).toMatchObject({ verified: true, method: 'POST', parameters: Object.entries(form) })
  expect((await api.put<Verdict>('/axios/1', { json: true })).data).toMatchObject({ verified: true, method: 'PUT', parameters: [] })
  expect(opened.mock.calls.map(([method]) => method)).toEqual(['GET', 'POST', 'PUT'])
  opened.mockRestore()
})

test('axios in a browser, which follows redirects unseen: a bearer token or PLAINTEXT secrets in the query or the body are refused', async () => {
  const opened = vi.spyOn(XMLHttpRequest.prototype, 'open')
  const plaintext = signer.with({ signatureMethod: 'PLAINTEXT' })
  const bearer = oauth2({
    tokenEndpoint: `${server.origin}/token`,
    clientId: 'app',
    token: { access_token: 'browser-bearer-token', token_type: 'Bearer' },
  })
  const xhr = axios.getAdapter('xhr')
  const wrapped: AxiosAdapter = (config) => xhr(config)
  for (const adapter of ['xhr', 'fetch', wrapped]) {
    for (const [auth, placement, what] of [
      [bearer, 'body', 'a bearer token'],
      [bearer, 'query', 'a bearer token'],
      [plaintext, 'body', 'PLAINTEXT secrets'],
      [plaintext, 'query', 'PLAINTEXT secrets'],
    ] as const) {
      const api = axios.create({ baseURL: server.origin, adapter })
      withAxios(api, auth, { placement })
      await expect(api.post('/axios', 'a=1')).rejects.toMatchObject({
        code: 'placement_unsupported',
        message: expect.stringContaining(`Cannot send ${what} in placement '${placement}' of POST ${server.origin}/axios:`),
      })
    }
  }
  expect(opened).not.toHaveBeenCalled()
  // The header placement goes (the browser drops Authorization across origins), as does a signature in the query.
  const api = axios.create({ baseURL: server.origin, adapter: 'xhr' })
  withAxios(api, plaintext)
  expect((await api.get<Verdict>('/axios')).data).toMatchObject({ verified: true, signatureMethod: 'PLAINTEXT', location: 'header' })
  const signed = axios.create({ baseURL: server.origin, adapter: wrapped })
  withAxios(signed, signer, { placement: 'query' })
  expect((await signed.get<Verdict>('/axios')).data).toMatchObject({ verified: true, location: 'query' })
  opened.mockRestore()
})
