import { verifyOAuth1 } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/ky'
import ky from 'ky'
import ky1 from 'ky1'
import { describe, expect, test } from 'vitest'
import { NOW, recordingFetch, signer } from './helpers.ts'

describe('@oauthkit/ky', () => {
  test("ky 2's baseUrl and prefix are resolved before signing", async () => {
    const { sent, fetchFunction } = recordingFetch()
    const api = withOAuth(ky.create({ baseUrl: 'https://api.test/v1/', prefix: 'users' }), signer, { fetch: fetchFunction })
    await api.get('42', { searchParams: { expand: 'all' } })
    const request = sent[0] as Request
    expect(request.url).toBe('https://api.test/v1/users/42?expand=all')
    await expect(verifyOAuth1(request, { lookupConsumer: () => ({ secret: 'secret' }), now: () => NOW * 1000 })).resolves.toMatchObject({
      parameters: [['expand', 'all']],
    })
  })

  test("ky 2's options that a Request does not hold (undici's dispatcher) reach the fetch, signed in either place", async () => {
    // ky 1 keeps `dispatcher` for its Request, which drops it: it never reaches a fetch of ky 1's.
    const { sent, inits, fetchFunction } = recordingFetch()
    const dispatcher = { marker: 'proxy-agent' }
    const api = withOAuth(ky, signer, { fetch: fetchFunction })
    await api.get('https://api.test/r', { dispatcher } as never)
    await api.get('https://api.test/r', { dispatcher, context: { oauth: { placement: 'query' } } } as never)
    expect(inits.map((init) => (init as { dispatcher?: unknown } | undefined)?.dispatcher)).toEqual([dispatcher, dispatcher])
    const [header, query] = sent as [Request, Request]
    expect([header.headers.has('authorization'), new URL(query.url).searchParams.has('oauth_signature')]).toEqual([true, true])
  })

  test('context.oauth travels to the signer, on no header of ours', async () => {
    for (const client of [ky, ky1] as const) {
      const { sent, fetchFunction } = recordingFetch()
      const api = withOAuth(client, signer, { fetch: fetchFunction })
      await api.get('https://api.test/r', { context: { oauth: { placement: 'query' } } })
      await api.get('https://api.test/r', { context: { oauth: false } })
      const [signed, unsigned] = sent as [Request, Request]
      expect(new URL(signed.url).searchParams.has('oauth_signature')).toBe(true)
      expect(unsigned.headers.has('authorization')).toBe(false)
      for (const request of sent) expect([...request.headers.keys()].filter((name) => name.startsWith('x-oauthkit'))).toEqual([])
    }
  })

  test("context.oauth holds when a hook of the caller's returns a new Request (ky 1 then runs no later hook)", async () => {
    for (const client of [ky, ky1] as const) {
      const { sent, fetchFunction } = recordingFetch()
      const replacing = (request: Request) => new Request(request, { headers: { 'x-trace': '1' } })
      const base = (client.create as (options: object) => typeof client)({
        hooks: {
          beforeRequest: [
            (...args: unknown[]) => replacing(args[0] instanceof Request ? args[0] : (args[0] as { request: Request }).request),
          ],
        },
      })
      const api = withOAuth(base, signer, { fetch: fetchFunction })
      await api.get('https://cdn.test/a', { context: { oauth: false } })
      await api.get('https://api.test/b', { context: { oauth: { placement: 'query' } } })
      const [unsigned, query] = sent as [Request, Request]
      expect([unsigned.headers.get('x-trace'), unsigned.headers.get('authorization'), unsigned.url]).toEqual([
        '1',
        null,
        'https://cdn.test/a',
      ])
      expect([query.headers.get('authorization'), new URL(query.url).searchParams.has('oauth_signature')]).toEqual([null, true])
    }
  })

  test("the instance keeps its own and the call's hooks", async () => {
    const { sent, fetchFunction } = recordingFetch()
    const seen: string[] = []
    const base = ky.create({ hooks: { beforeRequest: [() => void seen.push('instance')] } })
    const api = withOAuth(base, signer, { fetch: fetchFunction })
    await api.get('https://api.test/r', { hooks: { beforeRequest: [() => void seen.push('call')] } })
    expect(seen).toEqual(['instance', 'call'])
    expect(sent[0]?.headers.get('authorization')).toMatch(/^OAuth /)
  })
})
