export type { OAuthContext } from '@oauthkit/core/adapter'
export type { OAuthGot } from './typed-instance.ts'
export { type GotInstance, withOAuth } from './with-oauth.ts'
