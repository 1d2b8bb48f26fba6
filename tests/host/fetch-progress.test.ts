import { describe, expect, it } from 'vitest';
import { fetchProgressPrinter } from '../../src/host/fetch-progress.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { isTTY, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

describe('fetchProgressPrinter', () => {
  it('prints every step and each quarter of a download as plain lines when not on a terminal', () => {
    const { stream, text } = fakeStream(false);
    const p = fetchProgressPrinter(stream);
    p.update({ file: 'pip download x==1', done: 0, total: 2, unit: 'steps' });
    p.update({ file: 'pip download x==1', done: 1, total: 2, unit: 'steps' });
    for (let done = 0; done <= 4_000_000; done += 500_000) {
      p.update({ file: 'onnx/model.onnx', done, total: 4_000_000, unit: 'bytes' });
    }
    p.log('hub: remote models not allowed');
    p.end();
    expect(text()).toBe(
      [
        'pip download x==1: step 0 of 2',
        'pip download x==1: step 1 of 2',
        'onnx/model.onnx: 0.0 MB of 4.0 MB',
        'onnx/model.onnx: 1.0 MB of 4.0 MB',
        'onnx/model.onnx: 2.0 MB of 4.0 MB',
        'onnx/model.onnx: 3.0 MB of 4.0 MB',
        'onnx/model.onnx: 4.0 MB of 4.0 MB',
        'hub: remote models not allowed',
        '',
      ].join('\n'),
    );
  });

  it('redraws one bar per file on a terminal, shortens long labels, and keeps log lines off the bar', () => {
    const { stream, text } = fakeStream(true);
    const p = fetchProgressPrinter(stream);
    const long = `mvn dependency:copy ${'a'.repeat(60)}:1.0`;
    p.update({ file: long, done: 0, total: 2, unit: 'steps' });
    p.update({ file: long, done: 2, total: 2, unit: 'steps' });
    p.log('pip: python3 not found');
    p.end();
    const out = text();
    expect(out.match(/\r/g)).toHaveLength(2);
    expect(out).toContain(`\r…${'a'.repeat(43)}:1.0 [${'#'.repeat(30)}] step 2 of 2`);
    expect(out.endsWith('   \npip: python3 not found\n')).toBe(true);
  });
});
