/**
 * The Hugging Face hub source: the same URLs transformers.js downloads from
 * (`<hubUrl>/<repo>/resolve/<revision>/<path>`), streamed into staging with byte progress.
 */
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { ModelSource } from './catalog.ts';
import { type SourceContext, SourceFailure, limitText, type StagedFiles, stageStream } from './stage.ts';

/** The URL of one file of a hub repository. */
export function hubFileUrl(hubUrl: string, repo: string, revision: string, file: string): string {
  return `${hubUrl.replace(/\/+$/, '')}/${repo}/resolve/${revision}/${file}`;
}

/** Downloads every catalog file of `spec` from the hub into staging, each verified as it arrives. */
export async function fetchFromHub(
  ctx: SourceContext,
  source: Extract<ModelSource, { kind: 'hub' }>,
): Promise<StagedFiles> {
  const out: StagedFiles = new Map();
  for (const file of ctx.spec.files) {
    const url = hubFileUrl(ctx.hubUrl, source.repo, source.revision, file.path);
    let response: Response;
    try {
      // The limit covers the body too, so a stalled download ends as a failure instead of hanging the run.
      response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(ctx.commandTimeoutMs) });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') throw timedOut(ctx, url);
      // undici says only "fetch failed"; the cause names the real problem (ENOTFOUND, ECONNREFUSED, …).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new SourceFailure(
        `GET ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      );
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new SourceFailure(`GET ${url}: expected 200, got ${response.status}`);
    }
    const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
    const report = (done: number): void =>
      ctx.onProgress({ file: file.path, done, total: file.bytes, unit: 'bytes' });
    report(0);
    try {
      out.set(file.path, await stageStream(ctx, file, body, report));
    } catch (error) {
      if (error instanceof SourceFailure) throw error;
      if ((error as Error).name === 'TimeoutError') throw timedOut(ctx, url);
      throw new SourceFailure(`GET ${url}: the download broke off: ${(error as Error).message}`);
    } finally {
      body.destroy();
    }
  }
  return out;
}

function timedOut(ctx: SourceContext, url: string): SourceFailure {
  return new SourceFailure(`GET ${url}: timed out after ${limitText(ctx.commandTimeoutMs)}`);
}
