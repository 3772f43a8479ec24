import type { RespondArguments } from '@slack/bolt';
import { buildError } from '../../blocks/index.js';
import type { Answer, AnswerQueue, Offer } from './answer-queue.js';
import { ephemeral } from './reply.js';

/**
 * The ack path: nothing but the ack. By the time a listener runs, the receiver has verified the
 * signature and Bolt has parsed the payload; the listener validates the few fields it needs (zod),
 * offers the answer to the bounded queue and acks. No store, metrics, Slack or log call happens
 * before the ack, so acks stay fast however many answers are waiting.
 */

export const BUSY_MESSAGE = 'Scale Review is busy right now: try again in a minute.';
export const STOPPING_MESSAGE = 'Scale Review is restarting: try again in a minute.';

/** The reply to a command or click the queue did not take. */
export function notQueuedReply(offer: Exclude<Offer, 'queued'>): RespondArguments {
  return ephemeral(buildError({ message: offer === 'full' ? BUSY_MESSAGE : STOPPING_MESSAGE }));
}

export type AckOutcome = Offer | 'answered';

export interface AckCommandInput {
  /** Bolt's ack for a slash command: a message given to it is shown to the user at once. */
  ack: (message?: RespondArguments) => Promise<void>;
  answers: AnswerQueue;
  answer: Answer;
  /**
   * An answer already in memory: it goes in the ack itself (Slack shows an ack's message as the
   * answer) and nothing is queued. This is the seam for answering from memory (issue 13).
   */
  answerNow?: RespondArguments;
}

/** Acks a slash command: with the answer when it is ready, else queued, else busy. */
export async function ackCommand(input: AckCommandInput): Promise<AckOutcome> {
  if (input.answerNow !== undefined) {
    await input.ack(input.answerNow);
    return 'answered';
  }
  const offer = input.answers.offer(input.answer);
  await input.ack(offer === 'queued' ? undefined : notQueuedReply(offer));
  return offer;
}
