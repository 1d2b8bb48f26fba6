/**
 * Writes the tiny BERT test model to tests/fixtures/tiny-bert/ and the tiny reader (the same model with a
 * one-logit head) to tests/fixtures/tiny-reader/. Deterministic: running it again rewrites the same bytes.
 *
 *   npx tsx scripts/make-tiny-bert.ts            # regenerate the fixture
 *   npx tsx scripts/make-tiny-bert.ts --check    # exit 1 if the committed fixture differs
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  TINY_BERT_DIR,
  TINY_READER_DIR,
  buildTinyBertFiles,
  buildTinyReaderFiles,
} from './tiny-bert/files.ts';

function main(args: string[]): number {
  const check = args.includes('--check');
  let differing = 0;
  for (const [dir, files] of [
    [TINY_BERT_DIR, buildTinyBertFiles()],
    [TINY_READER_DIR, buildTinyReaderFiles()],
  ] as const) {
    differing += writeOrCheck(path.resolve(dir), files, check);
  }
  return differing === 0 ? 0 : 1;
}

function writeOrCheck(dir: string, files: Map<string, Uint8Array>, check: boolean): number {
  let differing = 0;
  for (const [name, bytes] of files) {
    const target = path.join(dir, name);
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target) : null;
      if (current === null || !current.equals(bytes)) {
        differing++;
        console.error(
          `differs: ${target} (expected ${bytes.length} bytes, got ${current?.length ?? 'no file'})`,
        );
      }
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes);
      console.log(`wrote ${path.relative(process.cwd(), target)} (${bytes.length} bytes)`);
    }
  }
  if (check && differing === 0) console.log(`${dir}: all ${files.size} files match`);
  return differing;
}

process.exitCode = main(process.argv.slice(2));
