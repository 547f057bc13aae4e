/** IPC messages between the bench (parent) and the fake Slack child (fake-host.ts). */

export type FakeRequest =
  | { id: number; type: 'mint'; n: number }
  | { id: number; type: 'answers'; urls: string[] }
  | { id: number; type: 'summary' }
  | { id: number; type: 'close' };

export type FakeReply =
  | { id: number; type: 'ready'; url: string; botToken: string }
  | { id: number; type: 'minted'; responseUrls: string[]; triggerIds: string[] }
  /** Per URL, its first answer: the text (cut short) and when it arrived (Date.now()), or null. */
  | { id: number; type: 'answers'; answers: ({ text: string; at: number } | null)[] }
  | { id: number; type: 'summary'; byMethod: Record<string, { calls: number; http429: number; errors: number }> };
