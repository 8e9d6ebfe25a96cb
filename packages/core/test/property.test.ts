import type { Placement, RequestParts, SignatureMethod } from '@oauthkit/core'
import { oauth1, verifyOAuth1 } from '@oauthkit/core'
import { PLACEMENTS } from '@oauthkit/core/adapter'
import { percentEncode, SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { signerOptions, verifyOptions } from './helpers/credentials.ts'

// Strings that exercise encoding: reserved and unreserved ASCII, spaces, plus signs, percent signs,
// non-ASCII and astral characters, and the empty string.
const text = fc.string({ unit: fc.constantFrom(..."aZ09-._~ +%&=?/#[]!*'()é☃😀".split(/(?:)/u)), maxLength: 8 })
const pair = fc.tuple(text, text)
const pairs = fc.array(pair, { maxLength: 5 })

interface Case {
  signatureMethod: SignatureMethod
  placement: Placement
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string[]
  query: [string, string][]
  form: [string, string][] | undefined
  plusForSpaces: boolean
  realm: string | undefined
  withToken: boolean
  crypto: 'auto' | 'webcrypto'
}

const cases: fc.Arbitrary<Case> = fc
  .record({
    signatureMethod: fc.constantFrom(...SIGNATURE_METHODS),
    placement: fc.constantFrom(...PLACEMENTS),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
    path: fc.array(text, { maxLength: 3 }),
    query: pairs,
    form: fc.option(pairs, { nil: undefined }),
    plusForSpaces: fc.boolean(),
    realm: fc.option(fc.string({ unit: fc.constantFrom(...'ab "\\'.split('')), maxLength: 5 }), { nil: undefined }),
    withToken: fc.boolean(),
    crypto: fc.constantFrom('auto', 'webcrypto'),
  })
  // A body placement needs a method that carries a form body.
  .map((c) => (c.placement.includes('body') && c.method === 'GET' ? { ...c, method: 'POST' as const } : c))
  .map((c) => (c.placement.includes('body') && c.form === undefined ? { ...c, form: [] } : c))

function serialize(pairs: [string, string][], plusForSpaces: boolean): string {
  return pairs
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`.replaceAll('%20', plusForSpaces ? '+' : '%20'))
    .join('&')
}

function buildRequest(c: Case): RequestParts {
  const path = `/${c.path.map(percentEncode).join('/')}`
  const query = serialize(c.query, c.plusForSpaces)
  const request: RequestParts = { method: c.method, url: `https://API.example.com:443${path}${query ? `?${query}` : ''}` }
  if (c.form !== undefined && c.method !== 'GET') {
    request.headers = { 'content-type': 'application/x-www-form-urlencoded' }
    request.body = serialize(c.form, c.plusForSpaces)
  }
  return request
}

function signerFor(c: Case) {
  const extra = { placement: c.placement, realm: c.realm, crypto: c.crypto }
  return oauth1(signerOptions(c.signatureMethod, c.withToken ? extra : { ...extra, token: undefined, tokenSecret: undefined }))
}

const verifyFor = (c: Case) => verifyOptions({ allowCopiedParameters: c.placement.includes('+'), crypto: c.crypto })

describe('sign then verify (fast-check, fixed seed)', () => {
  test('every signature method, placement, HTTP method and parameter shape round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const signed = await signerFor(c).sign(buildRequest(c))
        const verified = await verifyOAuth1(signed, verifyFor(c))
        expect(verified.signatureMethod).toBe(c.signatureMethod)
        expect(verified.parameters).toEqual([...c.query, ...(c.method === 'GET' ? [] : (c.form ?? []))])
      }),
    )
  })

  // PLAINTEXT signs nothing of the request (RFC 5849 3.4.4): only the signed methods can detect tampering.
  test('one changed part — method, URL, any parameter or the body — fails verification', async () => {
    const mutations = fc.constantFrom('method', 'host', 'path', 'scheme', 'add-query', 'change-query', 'change-form', 'add-form')
    await fc.assert(
      fc.asyncProperty(
        cases.filter((c) => c.signatureMethod !== 'PLAINTEXT'),
        mutations,
        fc.nat(),
        async (c, mutation, index) => {
          const signed = await signerFor(c).sign(buildRequest(c))
          const url = new URL(signed.url)
          let tampered: RequestParts = { ...signed }
          const query = [...url.searchParams]
          const changeable = query.map((p, i) => [p, i] as const).filter(([[name]]) => !name.startsWith('oauth_'))
          const isForm = typeof signed.body === 'string' && c.form !== undefined
          const form = isForm ? [...new URLSearchParams(signed.body as string)] : []
          const changeableForm = form.map((p, i) => [p, i] as const).filter(([[name]]) => !name.startsWith('oauth_'))
          switch (mutation) {
            case 'method':
              tampered.method = c.method === 'PUT' ? 'PATCH' : 'PUT'
              break
            case 'host':
              url.hostname = 'api.example.org'
              tampered.url = url.href
              break
            case 'scheme':
              url.protocol = 'http:'
              tampered.url = url.href
              break
            case 'path':
              url.pathname = `${url.pathname}x`
              tampered.url = url.href
              break
            case 'add-query':
              url.search = `${url.search.slice(1)}${url.search.length > 1 ? '&' : ''}extra=1`
              tampered.url = url.href
              break
            case 'change-query': {
              if (changeable.length === 0) return
              const [[name, value], at] = changeable[index % changeable.length] as (typeof changeable)[number]
              query[at] = [name, `${value}!`]
              url.search = new URLSearchParams(query).toString()
              tampered.url = url.href
              break
            }
            case 'change-form': {
              if (changeableForm.length === 0) return
              const [[name, value], at] = changeableForm[index % changeableForm.length] as (typeof changeableForm)[number]
              form[at] = [name, `${value}!`]
              tampered = { ...tampered, body: new URLSearchParams(form).toString() }
              break
            }
            case 'add-form':
              if (!isForm) return
              tampered = { ...tampered, body: `${signed.body}&extra=1` }
              break
          }
          await expect(verifyOAuth1(tampered, verifyFor(c))).rejects.toMatchObject({ code: 'signature_invalid' })
        },
      ),
    )
  })
})
