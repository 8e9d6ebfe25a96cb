export type { OAuthContext } from '@oauthkit/core/adapter'
export type { OAuthKy, OAuthKyRequest } from './typed-instance.ts'
export { type KyLike, type KyOAuthDefaults, withOAuth } from './with-oauth.ts'
