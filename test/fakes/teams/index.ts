export * from './activities.ts';
export * from './bot-auth.ts';
export * from './fake-teams.ts';
export * from './keys.ts';
export * from './node-http.ts';
export * from './rate-limit.ts';
export type { FakeChannel, FakeConversation, FakeTeam, FakeUser, Json, RecordedCall, StoredMessage } from './state.ts';
export { BOT_FRAMEWORK_ISSUER, CONNECTOR_AUDIENCE, GRAPH_AUDIENCE } from './identity.ts';
