import { OAuth2Error, oauth2, pollDeviceToken, requestDeviceAuthorization } from '@oauthkit/core'
import { describe, expect, test } from 'vitest'
import { json, manualClock, scriptedServer, TOKEN_ENDPOINT } from './helpers.ts'

const DEVICE_ENDPOINT = 'https://as.example.com/device_authorization'
const DEVICE = {
  device_code: 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS',
  user_code: 'WDJB-MJHT',
  verification_uri: 'https://as.example.com/device',
  verification_uri_complete: 'https://as.example.com/device?user_code=WDJB-MJHT',
  expires_in: 1800,
  interval: 5,
}
const pending = () => json({ error: 'authorization_pending' }, 400)
const slowDown = () => json({ error: 'slow_down' }, 400)
const token = () => json({ access_token: 'device-at', token_type: 'Bearer', expires_in: 3600 })

/** A clock and a sleep that moves it: the whole polling runs without waiting. */
function fakeTime() {
  const clock = manualClock()
  const sleeps: number[] = []
  return {
    clock,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      clock.advance(ms / 1000)
    },
  }
}

describe('device authorization grant (RFC 8628)', () => {
  test('the device authorization request: client_id and scope; expires_at from the clock; interval 5 when absent', async () => {
    const time = fakeTime()
    const { interval: _omitted, ...withoutInterval } = DEVICE
    const server = scriptedServer(json(withoutInterval))
    const device = await requestDeviceAuthorization(
      {
        tokenEndpoint: TOKEN_ENDPOINT,
        deviceAuthorizationEndpoint: DEVICE_ENDPOINT,
        clientId: 'tv',
        fetch: server.fetch,
        now: time.clock.now,
      },
      { scope: 'openid offline_access' },
    )
    expect(server.requests[0]?.url.href).toBe(DEVICE_ENDPOINT)
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({ scope: 'openid offline_access', client_id: 'tv' })
    expect(device).toMatchObject({ ...withoutInterval, interval: 5, expires_at: time.clock.seconds() + 1800 })
  })

  test('polls every interval; authorization_pending polls again, slow_down adds 5 s for good', async () => {
    const time = fakeTime()
    const server = scriptedServer(pending(), pending(), slowDown(), pending(), slowDown(), token())
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv', fetch: server.fetch, now: time.clock.now }
    const device = { ...DEVICE, expires_at: time.clock.seconds() + 1800 }
    const result = await pollDeviceToken(client, device, { sleep: time.sleep })
    expect(result.access_token).toBe('device-at')
    expect(time.sleeps).toEqual([5000, 5000, 5000, 10_000, 10_000, 15_000])
    expect(server.requests).toHaveLength(6)
    for (const request of server.requests) {
      expect(Object.fromEntries(request.form)).toEqual({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: DEVICE.device_code,
        client_id: 'tv',
      })
    }
  })

  test('a failed connection or temporarily_unavailable is no answer: polling goes on, less often (RFC 8628 3.5)', async () => {
    const time = fakeTime()
    let calls = 0
    const server = scriptedServer(async () => {
      calls++
      if (calls === 1) throw new TypeError('fetch failed')
      if (calls === 2) return json({ error: 'temporarily_unavailable' }, 503)
      return calls === 3 ? pending() : token()
    })
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv', fetch: server.fetch, now: time.clock.now }
    const result = await pollDeviceToken(client, { ...DEVICE, expires_at: time.clock.seconds() + 1800 }, { sleep: time.sleep })
    expect(result.access_token).toBe('device-at')
    expect(time.sleeps).toEqual([5000, 10_000, 20_000, 20_000])
  })

  test.each([
    ['absent', undefined, 5],
    ['null', null, 5],
    ['empty', '', 5],
    ['0, which would poll in a tight loop', 0, 1],
    ['a string', '7', 7],
  ])('an interval %s in the device authorization answer is %i seconds', async (_, interval, seconds) => {
    const time = fakeTime()
    const server = scriptedServer(json({ ...DEVICE, interval }))
    const client = {
      tokenEndpoint: TOKEN_ENDPOINT,
      deviceAuthorizationEndpoint: DEVICE_ENDPOINT,
      clientId: 'tv',
      fetch: server.fetch,
      now: time.clock.now,
    }
    const device = await requestDeviceAuthorization(client)
    expect(device.interval).toBe(seconds)
  })

  test.each(['access_denied', 'expired_token'] as const)('%s from the server ends the polling with that typed error', async (code) => {
    const time = fakeTime()
    const server = scriptedServer(pending(), json({ error: code, error_description: 'no' }, 400))
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv', fetch: server.fetch, now: time.clock.now }
    const error = await pollDeviceToken(client, { ...DEVICE, expires_at: time.clock.seconds() + 1800 }, { sleep: time.sleep }).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(OAuth2Error)
    expect(error.code).toBe(code)
    expect(server.requests).toHaveLength(2)
  })

  test('when the codes expire on the client clock, polling stops with expired_token without another request', async () => {
    const time = fakeTime()
    const server = scriptedServer(pending())
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv', fetch: server.fetch, now: time.clock.now }
    const error = await pollDeviceToken(
      client,
      { ...DEVICE, expires_in: 12, expires_at: time.clock.seconds() + 12 },
      { sleep: time.sleep },
    ).catch((e) => e)
    expect(error).toMatchObject({ name: 'OAuth2Error', code: 'expired_token' })
    // 5 s: poll, 10 s: poll, 15 s: past the 12 s lifetime — no third request.
    expect(server.requests).toHaveLength(2)
    expect(time.sleeps).toEqual([5000, 5000, 5000])
  })

  test('an aborted signal stops the polling with its reason', async () => {
    const time = fakeTime()
    const controller = new AbortController()
    const server = scriptedServer((_request) => {
      controller.abort(new Error('user cancelled'))
      return pending()
    })
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv', fetch: server.fetch, now: time.clock.now }
    await expect(
      pollDeviceToken(client, { ...DEVICE, expires_at: time.clock.seconds() + 1800 }, { sleep: time.sleep, signal: controller.signal }),
    ).rejects.toThrow('user cancelled')
    expect(server.requests).toHaveLength(1)
  })

  test('the default sleep waits for real and honours the signal (0-second interval)', async () => {
    const server = scriptedServer(pending(), token())
    const client = { tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv', fetch: server.fetch }
    const result = await pollDeviceToken(client, { ...DEVICE, interval: 0, expires_at: Number.MAX_SAFE_INTEGER })
    expect(result.access_token).toBe('device-at')
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    await expect(
      pollDeviceToken(client, { ...DEVICE, interval: 0, expires_at: Number.MAX_SAFE_INTEGER }, { signal: controller.signal }),
    ).rejects.toThrow('stop')
  })

  test('a device authorization answer without the required fields is invalid_response; an error is typed', async () => {
    const client = (answer: Response) => ({
      tokenEndpoint: TOKEN_ENDPOINT,
      deviceAuthorizationEndpoint: DEVICE_ENDPOINT,
      clientId: 'tv',
      fetch: scriptedServer(answer).fetch,
    })
    await expect(requestDeviceAuthorization(client(json({ device_code: 'd' })))).rejects.toMatchObject({ code: 'invalid_response' })
    await expect(requestDeviceAuthorization(client(json({ ...DEVICE, expires_in: 'soon' })))).rejects.toMatchObject({
      code: 'invalid_response',
    })
    await expect(requestDeviceAuthorization(client(json({ error: 'unauthorized_client' }, 400)))).rejects.toMatchObject({
      code: 'unauthorized_client',
    })
    await expect(requestDeviceAuthorization({ tokenEndpoint: TOKEN_ENDPOINT, clientId: 'tv' })).rejects.toMatchObject({
      code: 'invalid_options',
    })
  })

  test('oauth2(): requestDeviceAuthorization then pollDeviceToken keeps the token and tells onToken', async () => {
    const time = fakeTime()
    const server = scriptedServer(json(DEVICE), pending(), token())
    const saved: string[] = []
    const auth = oauth2({
      tokenEndpoint: TOKEN_ENDPOINT,
      deviceAuthorizationEndpoint: DEVICE_ENDPOINT,
      clientId: 'tv',
      scope: 'read',
      fetch: server.fetch,
      now: time.clock.now,
      onToken: (t) => {
        saved.push(t.access_token)
      },
    })
    const device = await auth.requestDeviceAuthorization()
    expect(server.requests[0]?.form.get('scope')).toBe('read')
    await auth.pollDeviceToken(device, { sleep: time.sleep })
    expect(auth.token?.access_token).toBe('device-at')
    expect(saved).toEqual(['device-at'])
  })
})
