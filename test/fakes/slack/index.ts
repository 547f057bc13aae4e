export { DEFAULT_FAKE_OAUTH_APP, startFakeSlack, type FakeSlack } from './fake-slack.ts';
export { AUTHORIZE_PATH, FakeOAuth } from './oauth.ts';
export { DEFAULT_FAKE_APP_TOKEN, FakeSocketMode, SOCKET_PATH, type FakeEnvelope, type FakeSocketAck, type SlashCommandSpec } from './socket-mode.ts';
export { DEFAULT_FAKE_SLACK_TEAM, SlackState, type TeamState } from './state.ts';
export { SLACK_METHOD_LIMITS, SLACK_TIER_2, SLACK_TIER_3, SLACK_TIER_4 } from './rate-limit.ts';
export { CHANNEL_NAME_MAX, SECTION_TEXT_MAX, TOPIC_MAX, VIEW_TITLE_MAX, channelNameError } from './validate.ts';
export type * from './types.ts';
