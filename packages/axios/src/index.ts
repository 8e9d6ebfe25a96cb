export { withOAuth } from './with-oauth.ts'
