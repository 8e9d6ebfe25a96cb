// pnpm bench is not part of the test command; its Python half is, so that a move of the oauthlib
// provider it imports cannot break it unseen again.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { verifyOAuth1 } from '@oauthkit/core'
import { NOW_SECONDS, PYTHON } from '@oauthkit/test-support'
import { expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('../bench/oauthlib-verify.py', import.meta.url))
const client = { key: 'bench-key', secret: 'bench-secret' }
const token = { key: 'bench-token', secret: 'bench-token-secret' }

it('bench/oauthlib-verify.py signs a request that verifyOAuth1 accepts, and verifies it with oauthlib', async () => {
  const child = spawn(PYTHON, [SCRIPT, '--now', String(NOW_SECONDS)], { stdio: ['pipe', 'pipe', 'inherit'] })
  // A script that died is reported by `ask`, not as an EPIPE of a write to it.
  child.stdin.on('error', () => {})
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const ask = async (message: unknown): Promise<unknown> => {
    child.stdin.write(`${JSON.stringify(message)}\n`)
    const line = await lines.next()
    if (line.done) throw new Error('bench/oauthlib-verify.py stopped')
    return JSON.parse(line.value)
  }
  try {
    const answer = (await ask({
      sign: [
        {
          id: '0',
          uri: 'https://api.example.com/1/statuses/update.json',
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'status=hello',
          clientKey: client.key,
          clientSecret: client.secret,
          resourceOwnerKey: token.key,
          resourceOwnerSecret: token.secret,
          signatureMethod: 'HMAC-SHA1',
          signatureType: 'AUTH_HEADER',
          nonce: '0123456789abcdef0123456789abcdef',
          timestamp: NOW_SECONDS,
        },
      ],
      clients: { [client.key]: { secret: client.secret } },
      tokens: { [token.key]: { client: client.key, secret: token.secret } },
    })) as { method: string; uri: string; headers: Record<string, string>; body: string }[]
    const signed = answer[0]
    if (signed === undefined) throw new Error('bench/oauthlib-verify.py signed nothing')
    const verified = await verifyOAuth1(
      { method: signed.method, url: signed.uri, headers: signed.headers, body: signed.body },
      {
        lookupConsumer: (key) => (key === client.key ? { secret: client.secret } : undefined),
        lookupToken: (key) => (key === token.key ? { secret: token.secret } : undefined),
        now: () => NOW_SECONDS * 1000,
      },
    )
    expect(verified).toMatchObject({ consumerKey: client.key, token: token.key })
    // No time to spend: the five samples a round always takes, one verification each.
    expect(await ask({ round: { timeMs: 0, warmupMs: 0, batch: 1 } })).toMatchObject({ samples: 5, verified: 5 })
  } finally {
    child.stdin.end()
    // An exit that came already would never be heard again: the real error would end as a timeout.
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
  }
})
