// Every adapter against an independent verifier: Python's oauthlib over loopback HTTP, with every
// placement oauthlib accepts (header, query, and body for methods with a form body) and GET, POST,
// PUT, PATCH and DELETE. The FULL placements are left out: oauthlib refuses parameters in two places.
import type { Placement } from '@oauthkit/core'
import { oauth1 } from '@oauthkit/core'
import type { Oauthlib } from '@oauthkit/test-support'
import { startOauthlib } from '@oauthkit/test-support'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { accessToken, consumer, NOW_SECONDS, oauthlibClients, oauthlibTokens } from '../interop/oauthlib/fixtures.ts'
import { harnesses } from './harness/index.ts'
import type { ContractRequest } from './harness/types.ts'

let oauthlib: Oauthlib
beforeAll(async () => {
  oauthlib = await startOauthlib({ now: NOW_SECONDS, clients: oauthlibClients, tokens: oauthlibTokens })
})
afterAll(async () => {
  await oauthlib.close()
})

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const cases: [ContractRequest['method'], Placement][] = METHODS.flatMap((method) =>
  (['header', 'query', 'body'] as const)
    .filter((placement) => placement !== 'body' || method !== 'GET')
    .map((placement) => [method, placement] as [typeof method, Placement]),
)

for (const harness of harnesses) {
  describe(`${harness.name} → oauthlib`, () => {
    test.each(cases)('%s with the %s placement is accepted', async (method, placement) => {
      const signer = oauth1({
        consumerKey: consumer.key,
        consumerSecret: consumer.secret,
        token: accessToken.key,
        tokenSecret: accessToken.secret,
        signatureMethod: method === 'PATCH' ? 'RSA-SHA256' : method === 'PUT' ? 'HMAC-SHA256' : 'HMAC-SHA1',
        privateKey: consumer.privateKey,
        timestamp: NOW_SECONDS,
      })
      const client = harness.create(signer, { placement }, { baseUrl: oauthlib.url })
      const request: ContractRequest = {
        method,
        url: '/photos', // a verdict path: /resource is the provider's own
        query: [
          ['q', 'a b+c'],
          ['q', 'ü'],
          ['empty', ''],
        ],
      }
      if (method !== 'GET')
        request.form = [
          ['status', 'Hello Ladies + Gentlemen!'],
          ['n', '0'],
        ]
      const response = await client.send(request)
      const answer = JSON.parse(response.body) as { valid: boolean; signatureType?: string; reason?: string }
      expect(answer).toMatchObject({
        valid: true,
        signatureType: { header: 'AUTH_HEADER', query: 'QUERY', body: 'BODY' }[placement as string],
      })
      expect(response.status).toBe(200)
    })
  })
}
