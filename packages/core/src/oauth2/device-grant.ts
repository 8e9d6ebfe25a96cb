import { OAuth2Error } from '../errors/oauth2-error.ts'
import type { OAuth2Client } from './client.ts'
import { clock, endpointUrl, scopeString } from './client.ts'
import type { ExtraParameters } from './token-request.ts'
import { appendParameters, genericGrant, postForm, responseError } from './token-request.ts'
import type { TokenSet } from './token-set.ts'

/** The `grant_type` of the device grant's token requests. */
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code'

/**
 * The answer of the device authorization endpoint (RFC 8628 3.2), plus `expires_at` (seconds since
 * the epoch) computed when it arrived. Show `user_code` and `verification_uri` (or
 * `verification_uri_complete`, as a link or QR code) to the user, then poll.
 *
 * @example
 * ```ts
 * import type { DeviceAuthorization } from '@oauthkit/core'
 *
 * function instructions(device: DeviceAuthorization): string {
 *   return `Open ${device.verification_uri} and enter ${device.user_code}`
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export interface DeviceAuthorization {
  /** The device verification code: a credential, never shown. */
  device_code: string
  /** The code the user enters. */
  user_code: string
  /** Where the user enters it. */
  verification_uri: string
  /** A URI that includes the user code. */
  verification_uri_complete?: string | undefined
  /** The lifetime of the codes, in seconds. */
  expires_in: number
  /** When they expire, in seconds since the epoch. */
  expires_at: number
  /** The minimum time between polls, in seconds (5 when the server does not say). */
  interval: number
  /** Any other field of the answer. */
  [field: string]: unknown
}

/**
 * A client with a device authorization endpoint.
 *
 * @example
 * ```ts
 * import type { DeviceClient } from '@oauthkit/core'
 *
 * const client: DeviceClient = {
 *   tokenEndpoint: 'https://as.example.com/token',
 *   deviceAuthorizationEndpoint: 'https://as.example.com/device_authorization',
 *   clientId: 'tv-app',
 * }
 * ```
 */
export interface DeviceClient extends OAuth2Client {
  /** The device authorization endpoint (RFC 8628 3.1). */
  deviceAuthorizationEndpoint?: string | URL | undefined
}

/**
 * Starts the device authorization grant (RFC 8628 3.1): asks the device authorization endpoint
 * for a device code and a user code.
 *
 * @example
 * ```ts
 * import { pollDeviceToken, requestDeviceAuthorization } from '@oauthkit/core'
 *
 * const client = {
 *   tokenEndpoint: 'https://as.example.com/token',
 *   deviceAuthorizationEndpoint: 'https://as.example.com/device_authorization',
 *   clientId: 'tv-app',
 * }
 * const device = await requestDeviceAuthorization(client, { scope: 'openid offline_access' })
 * console.log(`Open ${device.verification_uri} and enter ${device.user_code}`)
 * const token = await pollDeviceToken(client, device)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export async function requestDeviceAuthorization(
  client: DeviceClient,
  options: { scope?: string | readonly string[] | undefined; parameters?: ExtraParameters | undefined } = {},
): Promise<DeviceAuthorization> {
  const endpoint = endpointUrl(client.deviceAuthorizationEndpoint, 'deviceAuthorizationEndpoint', client.allowInsecureRequests)
  const form = new URLSearchParams()
  const scope = scopeString(options.scope)
  if (scope !== undefined) form.set('scope', scope)
  appendParameters(form, options.parameters)
  const response = await postForm(client, endpoint, form, undefined)
  const body = response.body as Record<string, unknown> | null
  const ok = response.status >= 200 && response.status < 300 && typeof body === 'object' && body !== null
  const string = (name: string): boolean => ok && typeof body[name] === 'string' && body[name] !== ''
  if (!ok || !string('device_code') || !string('user_code') || !string('verification_uri')) {
    throw responseError(response, 'a device_code, user_code and verification_uri')
  }
  const expiresIn = Number(body.expires_in)
  // RFC 8628 3.2: without an interval (or with an empty one), 5 seconds; 0 would poll in a tight loop.
  const interval = body.interval === undefined || body.interval === null || body.interval === '' ? 5 : Math.max(1, Number(body.interval))
  if (!Number.isFinite(expiresIn) || expiresIn <= 0 || !Number.isFinite(interval)) {
    throw new OAuth2Error('invalid_response', `${response.what}: expires_in or interval is not a number of seconds`, {
      status: response.status,
    })
  }
  return {
    ...body,
    expires_in: expiresIn,
    expires_at: Math.floor(clock(client) / 1000) + expiresIn,
    interval,
  } as DeviceAuthorization
}

/**
 * How {@link pollDeviceToken} waits: `sleep` and the client's `now` are injectable, so a test runs
 * the whole polling without waiting.
 *
 * @example
 * ```ts
 * import type { DevicePollOptions } from '@oauthkit/core'
 *
 * let clock = 0
 * const options: DevicePollOptions = {
 *   sleep: async (ms) => {
 *     clock += ms
 *   },
 * }
 * ```
 */
export interface DevicePollOptions {
  /** Waits `ms` milliseconds (rejecting when `signal` aborts); a `setTimeout` by default. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined
  /** Stops polling: the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Polls the token endpoint until the user has approved or denied the device (RFC 8628 3.4, 3.5):
 * waits `interval` seconds before each request; `authorization_pending` polls again;
 * `slow_down` adds 5 seconds to the interval for this and every later poll; `access_denied`,
 * `expired_token` (from the server, or when `expires_at` passes on the client's clock) and every
 * other error end it with a typed {@link OAuth2Error}.
 *
 * @example
 * ```ts
 * import { pollDeviceToken, type DeviceAuthorization } from '@oauthkit/core'
 *
 * declare const device: DeviceAuthorization
 * const client = { tokenEndpoint: 'https://as.example.com/token', clientId: 'tv-app' }
 * const token = await pollDeviceToken(client, device, { signal: AbortSignal.timeout(600_000) })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDeviceToken(
  client: OAuth2Client,
  device: DeviceAuthorization,
  options: DevicePollOptions = {},
): Promise<TokenSet> {
  const sleep = options.sleep ?? defaultSleep
  const { signal } = options
  let interval = Number.isFinite(device.interval) ? device.interval : 5
  for (;;) {
    signal?.throwIfAborted()
    await sleep(interval * 1000, signal)
    signal?.throwIfAborted()
    if (clock(client) / 1000 >= device.expires_at) {
      throw new OAuth2Error('expired_token', 'Device authorization: the device code expired before the user approved it')
    }
    try {
      return await genericGrant(client, DEVICE_CODE, [['device_code', device.device_code]])
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error
      // RFC 8628 3.5: slow_down adds 5 seconds; a connection that failed or a server that is
      // briefly unavailable is no answer — poll again, less often (the interval doubles, at most a minute).
      if (error.code === 'slow_down') interval += 5
      else if (error.code === 'token_request_failed' || error.code === 'temporarily_unavailable')
        interval = Math.min(Math.max(interval * 2, 1), 60)
      else if (error.code !== 'authorization_pending') throw error
    }
  }
}
