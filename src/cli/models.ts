/** npm run models -- list | fetch [name] [--if-missing] [--for-tests] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import {
  DEFAULT_MODEL_NAME,
  DEFAULT_READER_NAME,
  type FetchableModel,
  MODELS,
  READERS,
  findModel,
  findReader,
} from '../models/catalog.ts';
import { displayPath } from '../models/check.ts';
import { ModelFetchError, checkModel, fetchModel, modelDir } from '../models/fetch.ts';
import { defineCommand, UsageError } from './args.ts';
import { runCommand } from './run.ts';
import { fetchProgressPrinter } from '../host/fetch-progress.ts';

const USAGE = 'expected "list" or "fetch [name] [--if-missing] [--for-tests]"';

export const command = defineCommand({
  usage: ['npm run models -- list', 'npm run models -- fetch [name] [--if-missing] [--for-tests]'],
  summary:
    'The embedding models Crisis Desk knows, and fetching one (sha256-verified) into TRANSFORMERS_LOCAL_MODELS.',
  options: {
    'if-missing': { type: 'boolean', help: 'do nothing when the model is already there' },
    'for-tests': {
      type: 'boolean',
      help: '--if-missing, and when no source works say the real-model tests will be skipped (exit 0)',
    },
  },
});

runCommand(command, async ({ values, positionals }) => {
  const [verb, ...names] = positionals;
  const config = loadEngineConfig();
  if (verb === 'list' && names.length === 0 && !values['if-missing'] && !values['for-tests']) {
    await list(config.transformersLocalModels);
  } else if (verb === 'fetch' && names.length <= 1) {
    const forTests = values['for-tests'];
    // The tests' real-model suites use the default embedder and the default reader.
    const specs =
      names[0] !== undefined
        ? [modelNamed(names[0])]
        : forTests
          ? [modelNamed(DEFAULT_MODEL_NAME), modelNamed(DEFAULT_READER_NAME)]
          : [modelNamed(DEFAULT_MODEL_NAME)];
    for (const spec of specs) {
      await fetchCommand(spec, {
        modelsDir: config.transformersLocalModels,
        allowHub: config.transformersAllowRemote,
        ifMissing: forTests || values['if-missing'],
        forTests,
      });
    }
  } else {
    throw new UsageError(
      `${USAGE}, got ${positionals.length ? JSON.stringify(positionals.join(' ')) : 'nothing'}`,
    );
  }
});

function modelNamed(name: string): FetchableModel {
  const spec = findModel(name) ?? findReader(name);
  if (!spec) {
    const known = [...MODELS, ...READERS].map((m) => m.name).join(', ');
    throw new UsageError(`unknown model ${JSON.stringify(name)}; expected one of ${known}`);
  }
  return spec;
}

async function list(modelsDir: string): Promise<void> {
  const rows = [
    ['', 'name', 'id', 'dims', 'max tokens', 'pooling', 'license', 'size', `in ${displayPath(modelsDir)}/`],
  ];
  for (const m of MODELS) {
    const bytes = m.files.reduce((sum, f) => sum + f.bytes, 0);
    const check = await checkModel(m, modelsDir);
    const mark = m.name === DEFAULT_MODEL_NAME ? '*' : '';
    rows.push([
      mark,
      m.name,
      m.id,
      String(m.dimensions),
      String(m.maxTokens),
      m.pooling,
      m.license,
      `${(bytes / 1e6).toFixed(1)} MB`,
      check.present ? 'yes' : 'no',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) {
    console.log(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  }
  console.log('\nReaders (cross-encoders that re-score the best passages):');
  for (const r of READERS) {
    const bytes = r.files.reduce((sum, f) => sum + f.bytes, 0);
    const check = await checkModel(r, modelsDir);
    const mark = r.name === DEFAULT_READER_NAME ? '*' : ' ';
    console.log(
      `${mark} ${r.name}  ${r.id}  max tokens ${r.maxTokens}  ${r.license}  ${(bytes / 1e6).toFixed(1)} MB  ${check.present ? 'yes' : 'no'}`,
    );
  }
  console.log(`\n* default. Fetch with: npm run models -- fetch [name]`);
}

interface FetchCommandOptions {
  modelsDir: string;
  allowHub: boolean;
  ifMissing: boolean;
  forTests: boolean;
}

async function fetchCommand(spec: FetchableModel, options: FetchCommandOptions): Promise<void> {
  const { modelsDir, allowHub, ifMissing, forTests } = options;
  const where = `${displayPath(modelDir(spec, modelsDir))}/`;
  if (ifMissing && (await checkModel(spec, modelsDir)).present) {
    console.log(`${spec.name} is already in ${where}`);
    return;
  }
  const progress = fetchProgressPrinter();
  const started = performance.now();
  try {
    const result = await fetchModel(spec, {
      modelsDir,
      allowHub,
      onProgress: progress.update,
      // --for-tests promises one line; its final line names every source's reason anyway.
      ...(forTests ? {} : { log: (line: string) => progress.log(line) }),
    });
    progress.end();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${spec.name}: fetched from ${result.origin} into ${where} in ${seconds} s (size and sha256 verified)`,
    );
  } catch (error) {
    progress.end();
    if (!(error instanceof ModelFetchError)) throw error;
    const message = error.line;
    if (forTests) {
      console.log(`real-model tests will be skipped: ${message}`);
      return;
    }
    console.error(`error: ${message}`);
    process.exitCode = 1;
  }
}
