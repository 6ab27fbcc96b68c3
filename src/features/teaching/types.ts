/**
 * Shapes of the teaching content: derivations, exercises, interview cards and misconceptions.
 * Content is plain data (strings and numbers) so that tests can render every formula and check
 * every term key and setting against the models and the settings table.
 *
 * Conventions:
 *  - `tex` fields are KaTeX display math (macros in src/components/tex.tsx: \KL, \E, \N, ...).
 *  - Prose fields may hold inline math between single dollar signs: "the KL is $\tfrac12\lVert\mu\rVert^2$".
 *    No other dollar signs appear in prose.
 *  - Every number carries its unit (nats per image, energy per image, steps, ...).
 */
import type { ModelKind } from '@/core/models/types';
import type { SettingKey } from '@/settings/settings';

/** One step of a derivation: a formula and one line of reasoning. */
export interface DerivationStep {
  /** Part (section) id within the derivation, e.g. "jensen"; titles in Derivation.parts. */
  part: string;
  /** Display math. */
  tex: string;
  /** One line of reasoning (plain text, inline $math$ allowed). */
  text: string;
  /** Term keys of the model (TermSpec.key) whose live values this step shows. */
  terms?: readonly string[];
  /**
   * Optional display math with the live values plugged in: each {{key}} is replaced by the term's
   * current value (colored like its curve). Every key used must be listed in `terms`.
   */
  live?: string;
}

/** Which derivation: one per model, plus the shared log p(x) estimator. */
export type DerivationId = ModelKind | 'logpx';

export interface Derivation {
  id: DerivationId;
  title: string;
  /** Part ids in order, with their titles. */
  parts: readonly { id: string; title: string }[];
  steps: readonly DerivationStep[];
}

/** A derivation exercise: the steps of some parts, revealed one at a time. */
export interface Exercise {
  id: string;
  title: string;
  /** What to derive (plain text, inline $math$ allowed). */
  prompt: string;
  derivation: DerivationId;
  /** Parts of that derivation whose steps form the exercise, in order. The first step is given. */
  parts: readonly string[];
}

/** What a "show me" button asks the session to do. */
export interface ShowMeAction {
  model: ModelKind;
  /** Settings to apply (keys of SETTINGS; values must pass validateSetting unchanged). */
  settings?: Partial<Record<SettingKey, number | string>>;
  /** Start training after applying. */
  play?: boolean;
  /** What to watch, one or two sentences. */
  note: string;
}

export interface InterviewItem {
  id: string;
  question: string;
  /** A short answer (30 seconds spoken; inline $math$ allowed). */
  answer: string;
  /** Optional key formula (display math). */
  tex?: string;
  /** Two likely follow-up questions, each with a short answer. */
  followUps: readonly [{ q: string; a: string }, { q: string; a: string }];
  showMe: ShowMeAction;
}

export interface Misconception {
  id: string;
  /** The claim as it appears in study notes. */
  claim: string;
  verdict: 'wrong' | 'partly right' | 'right algebra, wrong premise';
  /** What the paper and the code say (inline $math$ allowed). */
  correction: string;
  /** Optional formula (display math). */
  tex?: string;
  /** Where this is established: the reference section and the primary source. */
  source: string;
}
