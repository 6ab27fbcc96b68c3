/**
 * Command-line values with per-model overrides, e.g. "--gmm-iter 100,gncn-pdh=12" or
 * "--epochs 6,gncn-pdh=3": a default, then kind=N pairs. Used by reproduce and pretrain.
 */
import type { ModelKind } from '@/core/models/types';

/** @throws Error naming the flag when a part is not N or kind=N */
export function parsePerModel(flag: string, spec: string | undefined, fallback: number): (kind: ModelKind) => number {
  const over: Record<string, number> = {};
  let def = fallback;
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('=');
    const v = Number(b ?? a);
    if (!Number.isFinite(v)) throw new Error(`--${flag}: "${part}" is not N or kind=N`);
    if (b === undefined) def = v;
    else over[a] = v;
  }
  return (kind) => over[kind] ?? def;
}
