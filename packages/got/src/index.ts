export type { GotInstance, OAuthContext } from './with-oauth.ts'
export { withOAuth } from './with-oauth.ts'
