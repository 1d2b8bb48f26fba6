import { describe, expect, it } from 'vitest';
import { paramsFor } from '../../src/search/engine.ts';
import { fitted } from '../../src/search/fitted.ts';
import { fittedFor, modelKey } from '../../src/search/tuning.ts';

describe('fitted parameters per model', () => {
  it('maps stored embedder ids to the model they belong to', () => {
    expect(modelKey('use-lite@0.2.0')).toBe('use-lite');
    expect(modelKey('transformers:Xenova/bge-small-en-v1.5:q8:6c9c6101a956:cls+instruction:512')).toBe(
      'bge-small-en-v1.5',
    );
    expect(modelKey('transformers:/abs/folder:fp32:0123456789ab:mean:64')).toBe('folder');
    expect(modelKey('fake-hash-64')).toBe('fake-hash-64');
  });

  it('finds the fit of a known model, and gives an unknown model the default model’s fit', () => {
    const bge = fittedFor('transformers:Xenova/bge-small-en-v1.5:q8:x:cls+instruction:512');
    expect(bge).toBe(fitted['bge-small-en-v1.5']);
    expect(fittedFor('fake-hash-64')).toBeNull();
    expect(paramsFor('fake-hash-64').decision).toBe(bge!.decision);
    expect(paramsFor('fake-hash-64').decisionDepth).toBe(10);
  });

  it('every fitted entry has fusion weights summing to 1 and thresholds in (0, 1)', () => {
    for (const [model, p] of Object.entries(fitted)) {
      expect(p.fusion.lexical + p.fusion.dense + p.fusion.coverage, model).toBeCloseTo(1, 6);
      for (const m of [p.decision.answer, p.decision.related]) {
        expect(m.threshold, model).toBeGreaterThan(0);
        expect(m.threshold, model).toBeLessThan(1);
      }
    }
  });
});
