import { oauth1 } from '@oauthkit/core'
import { expect, test } from 'vitest'

test('resolves the workspace source', async () => {
  const signer = oauth1({ consumerKey: 'k', consumerSecret: 's', nonce: 'n', timestamp: 1 })
  const signed = await signer.sign({ method: 'GET', url: 'https://example.com/' })
  expect(signed.headers.get('authorization')).toMatch(/^OAuth oauth_consumer_key="k"/)
})
