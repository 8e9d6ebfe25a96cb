import type { Authorizer, Placement } from '@oauthkit/core'
import { OAuthError } from '@oauthkit/core'
import { withOAuth } from '@oauthkit/got'
import { serverForSuite } from '@oauthkit/test-support'
import { RequestError } from 'got'
import { RequestError as RequestError14 } from 'got14'
import { describe, expect, test } from 'vitest'
import { failure, MAJORS, redirect, signer, startServer } from './helpers.ts'

const server = serverForSuite(startServer)

/** A signer that throws `error` on attempt number `failAt` (1 = the first). */
function failingOn(failAt: number, error: Error): Authorizer {
  const inner = signer()
  let attempts = 0
  return {
    kind: inner.kind,
    placement: inner.placement,
    origins: inner.origins,
    strip: (request) => inner.strip(request),
    authorize: async (request, options) => {
      if (++attempts === failAt) throw error
      return inner.authorize(request, options)
    },
  }
}

describe.each(MAJORS)('%s', (major, got) => {
  const RequestErrorClass = major === 'got@14' ? RequestError14 : RequestError
  const base = () => got.extend({ prefixUrl: `${server.origin}/` })

  test('invalid defaults throw at withOAuth()', () => {
    expect(() => withOAuth(base(), signer(), { placement: 'cookie' as Placement })).toThrow(OAuthError)
    expect(() => withOAuth(base(), signer(), { origins: ['not a url'] })).toThrow(OAuthError)
  })

  test('the very OAuthError object of the authorizer reaches the caller, on the first try', async () => {
    const thrown = new OAuthError('key_invalid', 'no key')
    expect(await failure(withOAuth(base(), failingOn(1, thrown)).get('things'))).toBe(thrown)
  })

  test('… on a retry', async () => {
    const thrown = new OAuthError('key_invalid', 'no key')
    const retry = {
      limit: 1,
      statusCodes: [503],
      calculateDelay: ({ computedValue }: { computedValue: number }) => (computedValue > 0 ? 1 : 0),
    }
    expect(await failure(withOAuth(base(), failingOn(2, thrown)).get('flaky/1/x', { retry }))).toBe(thrown)
    expect(server.requests).toHaveLength(1)
  })

  test('… on a redirect hop', async () => {
    server.route('/from', redirect(302, '/to'))
    const thrown = new OAuthError('key_invalid', 'no key')
    expect(await failure(withOAuth(base(), failingOn(2, thrown)).get('from'))).toBe(thrown)
    expect(server.requests).toHaveLength(1)
  })

  test('… through the stream API', async () => {
    const thrown = new OAuthError('key_invalid', 'no key')
    const stream = withOAuth(base(), failingOn(1, thrown)).stream('things')
    const error = await new Promise((resolve) => stream.once('error', resolve))
    expect(error).toBe(thrown)
  })

  test("an instance's beforeError hooks see got's RequestError, its cause the OAuthError", async () => {
    const thrown = new OAuthError('key_invalid', 'no key')
    const seen: unknown[] = []
    const instance = got.extend({
      prefixUrl: `${server.origin}/`,
      hooks: {
        beforeError: [
          (error) => {
            seen.push(error)
            return error
          },
        ],
      },
    })
    expect(await failure(withOAuth(instance, failingOn(1, thrown)).get('things'))).toBe(thrown)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(RequestErrorClass)
    expect((seen[0] as Error).cause).toBe(thrown)
  })

  test("other errors keep got's wrapping: a RequestError whose cause is the thrown error", async () => {
    const thrown = new TypeError('not an OAuth error')
    const error = await failure(withOAuth(base(), failingOn(1, thrown)).get('things'))
    expect(error).toBeInstanceOf(RequestErrorClass)
    expect((error as Error).cause).toBe(thrown)
  })
})
