export type { FetchOAuthDefaults, OAuthFetch, OAuthRequestInit } from './with-oauth.ts'
export { withOAuth } from './with-oauth.ts'
