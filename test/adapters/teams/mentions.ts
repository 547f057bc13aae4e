/**
 * Activity builders the fake lacks (new file, the fake itself stays as it is): a channel @mention of
 * the bot that also @mentions people, and a personal message with mentions.
 */
import { channelMention, personalMessage, type ActivityContext, type FakeConversation, type FakeTeam, type FakeUser, type Json } from '../../fakes/teams/index.ts';

/** `text` may contain `{name}` placeholders for the users in `people`, written as Teams writes mentions. */
export function mentionInChannel(ctx: ActivityContext, input: { user: FakeUser; team: FakeTeam; text: string; people?: FakeUser[]; threadRootId?: string; channelId?: string }): Json {
  const activity = channelMention(ctx, { user: input.user, team: input.team, text: '', ...(input.threadRootId ? { threadRootId: input.threadRootId } : {}), ...(input.channelId ? { channelId: input.channelId } : {}) });
  const { text, entities } = withPeople(input.text, input.people ?? []);
  return { ...activity, text: `${String(activity.text)}${text}`, entities: [...(activity.entities as Json[]), ...entities] };
}

export function personalWithMentions(ctx: ActivityContext, input: { user: FakeUser; conversation: FakeConversation; text: string; people?: FakeUser[] }): Json {
  const activity = personalMessage(ctx, { user: input.user, conversation: input.conversation, text: '' });
  const { text, entities } = withPeople(input.text, input.people ?? []);
  return { ...activity, text, entities: [...(activity.entities as Json[]), ...entities] };
}

function withPeople(template: string, people: FakeUser[]): { text: string; entities: Json[] } {
  const entities: Json[] = [];
  const text = template.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    const user = people.find((p) => p.name === name);
    if (!user) throw new Error(`no user ${name} among the mentioned people`);
    const at = `<at>${user.name}</at>`;
    entities.push({ type: 'mention', text: at, mentioned: { id: user.id, name: user.name } });
    return at;
  });
  return { text, entities };
}
