import type { Authorizer, RequestParts } from '@oauthkit/core'
import { OAuthProblemError, oauth1, oauthRefusal } from '@oauthkit/core'
import type { CallClient } from '@oauthkit/core/adapter'
import { bindAuthorizer, driveCall, settle } from '@oauthkit/core/adapter'
import { describe, expect, test } from 'vitest'
import { signerOptions } from './helpers/credentials.ts'

/** One response of the fake client: a status, a Location, a body, and whether its body was freed. */
interface Reply {
  status: number
  location?: string
  body?: string
  disposed?: boolean
}

/** What the fake client sent: the authorized request, as it went out. */
interface Sent {
  method: string
  url: string
  headers: Headers
  body: unknown
}

/** A client that answers from a script (the last reply repeats) and records what it sent. */
function fakeClient(replies: Reply[], overrides: Partial<CallClient<Reply>> = {}) {
  const sent: Sent[] = []
  const answered: Reply[] = []
  const client: CallClient<Reply> = {
    async send(authorized) {
      sent.push({ method: authorized.method, url: authorized.url, headers: new Headers(authorized.headers), body: authorized.body })
      const reply = { ...(replies[Math.min(answered.length, replies.length - 1)] as Reply) }
      answered.push(reply)
      return reply
    },
    status: (reply) => reply.status,
    location: (reply) => reply.location,
    read: (reply) => ({
      status: reply.status,
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      text: async () => reply.body ?? '',
    }),
    dispose: (reply) => {
      reply.disposed = true
    },
    redirect(request, hop) {
      const headers = new Headers(request.headers)
      for (const name of hop.dropHeaders) headers.delete(name)
      return { method: hop.method, url: hop.url, headers, body: hop.body }
    },
    tooManyRedirects: () => new TypeError('Too many redirects'),
    follow: true,
    maxRedirects: 20,
    ...overrides,
  }
  return { client, sent, answered }
}

const signer = oauth1(signerOptions('HMAC-SHA1'))
const get = (url: string): RequestParts => ({ method: 'GET', url, headers: new Headers() })

/** The signer, asking for a replay after every response it is shown; `asked` counts them. */
function insistingSigner(): { authorizer: Authorizer; asked: number } {
  const insisting = {
    asked: 0,
    authorizer: {
      ...signer,
      onResponse: async (): Promise<'retry'> => {
        insisting.asked++
        return 'retry'
      },
    },
  }
  return insisting
}

describe('driveCall', () => {
  test('replays a request at most once, whatever the authorizer asks', async () => {
    const insisting = insistingSigner()
    const { client, sent, answered } = fakeClient([{ status: 401 }])
    const outcome = await driveCall(
      bindAuthorizer(insisting.authorizer).call('https://a.test/x', undefined),
      get('https://a.test/x'),
      client,
    )
    expect(sent).toHaveLength(2)
    expect(insisting.asked).toBe(2)
    expect(outcome).toEqual({ exchange: answered[1] })
    // Each attempt is signed afresh.
    expect(sent[0]?.headers.get('authorization')).toMatch(/^OAuth /)
    expect(sent[1]?.headers.get('authorization')).toMatch(/^OAuth /)
  })

  test('follows at most maxRedirects hops, then fails as the client words it', async () => {
    const { client, sent, answered } = fakeClient([{ status: 302, location: '/again' }], { maxRedirects: 3 })
    const call = bindAuthorizer(signer).call('https://a.test/x', undefined)
    await expect(driveCall(call, get('https://a.test/x'), client)).rejects.toThrow(new TypeError('Too many redirects'))
    expect(sent.map((request) => request.url)).toEqual([
      'https://a.test/x',
      'https://a.test/again',
      'https://a.test/again',
      'https://a.test/again',
    ])
    expect(answered.every((reply) => reply.disposed)).toBe(true)
  })

  test('does not follow a redirect where the client follows them itself: the response is the final one', async () => {
    const { client, sent, answered } = fakeClient([{ status: 302, location: '/elsewhere' }], { follow: false })
    const outcome = await driveCall(bindAuthorizer(signer).call('https://a.test/x', undefined), get('https://a.test/x'), client)
    expect(sent).toHaveLength(1)
    expect(outcome.exchange).toBe(answered[0])
    expect(answered[0]?.disposed).toBeUndefined()
  })

  test('strips the credentials from a hop to another origin, and signs a hop that stays', async () => {
    const { client, sent } = fakeClient([
      { status: 307, location: '/moved' },
      { status: 302, location: 'https://b.test/landing?x=1' },
      { status: 200 },
    ])
    const request = { method: 'GET', url: 'https://a.test/x', headers: new Headers({ cookie: 'session=1', accept: 'text/plain' }) }
    await driveCall(bindAuthorizer(signer).call('https://a.test/x', { placement: 'header' }), request, client)
    expect(sent.map((one) => one.url)).toEqual(['https://a.test/x', 'https://a.test/moved', 'https://b.test/landing?x=1'])
    expect(sent[1]?.headers.get('authorization')).toMatch(/^OAuth /)
    expect(sent[1]?.headers.get('authorization')).not.toBe(sent[0]?.headers.get('authorization'))
    const elsewhere = sent[2] as Sent
    expect([...elsewhere.headers.keys()]).toEqual(['accept'])
    expect(elsewhere.url).not.toContain('oauth_')
  })

  test('strips credentials put in the query from a hop to another origin', async () => {
    const { client, sent } = fakeClient([{ status: 301, location: 'https://b.test/y' }, { status: 200 }])
    await driveCall(bindAuthorizer(signer).call('https://a.test/x', { placement: 'query' }), get('https://a.test/x'), client)
    expect(sent[0]?.url).toContain('oauth_signature=')
    expect(sent[1]?.url).toBe('https://b.test/y')
  })

  test('303 turns a POST into a GET without its body or body headers; 307 keeps both', async () => {
    const post = () => ({
      method: 'POST',
      url: 'https://a.test/form',
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' }),
      body: 'a=1',
    })
    const seeOther = fakeClient([{ status: 303, location: '/done' }, { status: 200 }])
    await driveCall(bindAuthorizer(signer).call('https://a.test/form', undefined), post(), seeOther.client)
    expect(seeOther.sent[1]).toMatchObject({ method: 'GET', url: 'https://a.test/done', body: null })
    expect(seeOther.sent[1]?.headers.has('content-type')).toBe(false)
    expect(seeOther.sent[1]?.headers.has('content-length')).toBe(false)

    const temporary = fakeClient([{ status: 307, location: '/again' }, { status: 200 }])
    await driveCall(bindAuthorizer(signer).call('https://a.test/form', undefined), post(), temporary.client)
    expect(temporary.sent[1]).toMatchObject({ method: 'POST', url: 'https://a.test/again', body: 'a=1' })
    expect(temporary.sent[1]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
  })

  test('disposes of every body nobody reads: redirects and replaced responses, never the final one', async () => {
    const once: Authorizer = { ...signer, onResponse: async () => 'retry' }
    const { client, answered } = fakeClient([{ status: 302, location: '/next' }, { status: 401 }, { status: 401 }])
    const outcome = await driveCall(bindAuthorizer(once).call('https://a.test/x', undefined), get('https://a.test/x'), client)
    expect(answered.map((reply) => reply.disposed ?? false)).toEqual([true, true, false])
    expect(outcome.exchange).toBe(answered[2])
  })

  test("a provider's refusal comes back with the response: settle() returns it, its refusal readable by oauthRefusal", async () => {
    const refused = { status: 401, body: 'oauth_problem=signature_invalid' }
    const { client, sent, answered } = fakeClient([refused])
    const outcome = await driveCall(bindAuthorizer(signer).call('https://a.test/x', undefined), get('https://a.test/x'), client)
    expect(sent).toHaveLength(1)
    expect(outcome.exchange).toBe(answered[0])
    expect('error' in outcome).toBe(false)
    expect(outcome.refusal).toBeInstanceOf(OAuthProblemError)
    expect(outcome.refusal).toMatchObject({ code: 'signature_invalid' })
    // The base string of the request that was refused (its nonce is the one sent); never serialised.
    const nonce = /oauth_nonce="([^"]+)"/.exec(sent[0]?.headers.get('authorization') ?? '')?.[1]
    const baseString = outcome.refusal?.code === 'signature_invalid' ? outcome.refusal.baseString : undefined
    expect(baseString).toMatch(/^GET&https%3A%2F%2Fa\.test%2Fx&oauth_consumer_key%3D/)
    expect(baseString).toContain(`oauth_nonce%3D${nonce}%26`)
    expect(Object.keys(outcome.refusal ?? {})).not.toContain('baseString')
    expect(oauthRefusal(answered[0])).toBeUndefined()
    expect(settle(outcome)).toBe(answered[0])
    expect(oauthRefusal(answered[0])).toBe(outcome.refusal)
    expect(oauthRefusal({ response: answered[0] })).toBe(outcome.refusal)
  })

  test("an error of the authorizer's own (not a refusal it read) is returned, and settle() throws it", async () => {
    const failing = new OAuthProblemError('signature_invalid', 'thrown by the authorizer, unmarked')
    const throwing: Authorizer = {
      ...signer,
      onResponse: async () => {
        throw failing
      },
    }
    const { client, answered } = fakeClient([{ status: 401 }])
    const outcome = await driveCall(bindAuthorizer(throwing).call('https://a.test/x', undefined), get('https://a.test/x'), client)
    expect([outcome.error, outcome.refusal]).toEqual([failing, undefined])
    expect(() => settle(outcome)).toThrow(failing)
    expect(oauthRefusal(answered[0])).toBeUndefined()
  })

  test('a body that cannot be sent again is neither replayed nor taken along a 307', async () => {
    const insisting = insistingSigner()
    const once = fakeClient([{ status: 401 }], { resendable: () => false })
    await driveCall(bindAuthorizer(insisting.authorizer).call('https://a.test/x', undefined), get('https://a.test/x'), once.client)
    expect(once.sent).toHaveLength(1)
    expect(insisting.asked).toBe(0)

    const kept = fakeClient([{ status: 307, location: '/again' }], { resendable: () => false })
    const outcome = await driveCall(bindAuthorizer(signer).call('https://a.test/x', undefined), get('https://a.test/x'), kept.client)
    expect(kept.sent).toHaveLength(1)
    expect(outcome.exchange.status).toBe(307)
  })

  test('an exchange without a status (a network error) ends the call as it is', async () => {
    const { client, sent } = fakeClient([{ status: 0 }], { status: () => undefined })
    const outcome = await driveCall(bindAuthorizer(signer).call('https://a.test/x', undefined), get('https://a.test/x'), client)
    expect(sent).toHaveLength(1)
    expect(outcome).toEqual({ exchange: { status: 0 } })
  })
})
