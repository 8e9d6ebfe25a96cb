import { OAuthProblemError } from '@oauthkit/core'
import { parseForm } from '@oauthkit/core/oauth1'
import { problemResponse } from '@oauthkit/server'
import { describe, expect, test } from 'vitest'
import { challengeOf } from './helpers.ts'

describe('problemResponse()', () => {
  test('400 for a malformed request, 401 for bad credentials (RFC 5849 3.2)', () => {
    for (const problem of ['version_rejected', 'parameter_absent', 'parameter_rejected', 'signature_method_rejected'] as const) {
      expect(problemResponse(problem).status).toBe(400)
    }
    for (const problem of [
      'timestamp_refused',
      'nonce_used',
      'signature_invalid',
      'consumer_key_unknown',
      'token_expired',
      'verifier_invalid',
    ] as const) {
      expect(problemResponse(problem).status).toBe(401)
    }
    expect(problemResponse('user_refused', { status: 403 }).status).toBe(403)
  })

  test('every field in the challenge and the body; lists are percent-encoded names joined by &', async () => {
    const error = new OAuthProblemError('parameter_rejected', 'Sent twice', {
      parametersRejected: ['oauth_nonce', 'a&b'],
      parametersAbsent: ['oauth_token'],
      acceptableTimestamps: { min: 1, max: 2 },
      acceptableVersions: { min: '1.0', max: '1.0' },
    })
    const response = problemResponse(error, { realm: 'Photos "beta"', headers: { 'x-request-id': 'r1' } })
    expect(response.headers.get('www-authenticate')).toBe(
      'OAuth realm="Photos \\"beta\\"", oauth_problem="parameter_rejected", oauth_acceptable_timestamps="1-2", ' +
        'oauth_acceptable_versions="1.0-1.0", oauth_parameters_absent="oauth_token", oauth_parameters_rejected="oauth_nonce%26a%2526b"',
    )
    expect(challengeOf(response).realm).toBe('Photos "beta"')
    expect(response.headers.get('x-request-id')).toBe('r1')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(parseForm(await response.text())).toEqual([
      ['oauth_problem', 'parameter_rejected'],
      ['oauth_acceptable_timestamps', '1-2'],
      ['oauth_acceptable_versions', '1.0-1.0'],
      ['oauth_parameters_absent', 'oauth_token'],
      ['oauth_parameters_rejected', 'oauth_nonce&a%26b'],
      ['oauth_problem_advice', 'Sent twice'],
    ])
  })

  test('a realm that cannot be a header value is left out rather than breaking the response', () => {
    const response = problemResponse('nonce_used', { realm: 'bad\r\nrealm' })
    expect(response.headers.get('www-authenticate')).toBe('OAuth oauth_problem="nonce_used"')
  })

  test('the advice defaults to the problem name in words', async () => {
    expect(await problemResponse('token_expired').text()).toBe('oauth_problem=token_expired&oauth_problem_advice=token%20expired')
  })
})
