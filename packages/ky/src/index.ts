export type { KyLike, KyOAuthDefaults, OAuthContext } from './with-oauth.ts'
export { withOAuth } from './with-oauth.ts'
