/**
 * The words of chapter 1's board, the stage of the NATS scenes: its box titles, the tags in the
 * broker's box, the label on a returning token and how the narration log names its parties.
 * (Other families bring their own words: see FamilyViews in actors/family.ts.) Pure: no DOM.
 *
 * @example vocabularyFor().party('listener:A') // 'listener A'
 */
import { partyName } from '../lib/format.ts';
import type { Party } from '../actors/nats/types.ts';

/** What a returning token needs for its label. */
export interface Answer {
  kind: 'ack' | 'ack-lost';
  msg: number;
  seq?: number;
  refused?: boolean;
}

export interface Vocabulary {
  /** Box titles, left to right. */
  publisherTitle: string;
  serverTitle: string;
  storageTitle: string;
  /** A listener's box title, the same at every size. */
  listenerTitle(id: string): string;
  /** The heading of a slot in the middle box (a channel's name for the broker). */
  slotTitle(channel: string): string;
  /** The line under the slot (the queue group for the broker). */
  slotNote(queue: string | undefined): string;
  /** The tag on a message in a channel: its sequence. */
  cellTag(m: { seq: number }): string;
  /** The label on a returning token: an ack, or a lost one. */
  answer(a: Answer): string;
  /** A party as a sentence names it: 'listener:A' → "listener A", 'server' → "the server". */
  party(p: Party | undefined): string;
  /** The stage as a screen reader hears it. */
  stageLabel: string;
}

const BROKER: Vocabulary = {
  publisherTitle: 'Publisher',
  serverTitle: 'NATS Streaming',
  storageTitle: 'File Storage',
  listenerTitle: (id) => `Account Srv ${id}`,
  slotTitle: (channel) => channel,
  slotNote: (queue) => (queue ? `queue group ${queue}` : ''),
  cellTag: (m) => `#${m.seq}`,
  answer: (a) => (a.kind === 'ack' ? `ack #${a.seq ?? a.msg}` : 'ack (lost)'),
  party: partyName,
  stageLabel: 'The stage: publisher, NATS Streaming, the Account Srv listeners and File Storage. The event log lists everything it shows.',
};

/**
 * The words of chapter 1's board.
 * @example vocabularyFor().serverTitle // 'NATS Streaming'
 */
export const vocabularyFor = (): Vocabulary => BROKER;
