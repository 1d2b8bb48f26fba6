/**
 * Every relative link in README.md and docs/ leads somewhere: the file or folder exists, and a `#anchor` into a
 * markdown file names one of its headings (as GitHub makes anchors from them). The README's reference moved into
 * docs/ (issue 19), and a moved section leaves links behind that nothing else would catch.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/articles.ts';

/** README.md and every markdown file under docs/, as paths relative to the repository. */
function markdownFiles(): string[] {
  const found = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) found.push(rel);
    }
  };
  walk('docs');
  return found;
}

/** The text without fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, … */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** The relative link targets of a markdown file (web addresses and mailto: left out). */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('markdown links', () => {
  it('anchorsOf makes the anchors GitHub makes', () => {
    const anchors = anchorsOf(
      '# Crisis Desk\n## Feeds and /watch\n```\n# not a heading\n```\n### The index in PostgreSQL (`STORE=postgres`)\n## Notes\n## Notes\n',
    );
    expect([...anchors]).toEqual([
      'crisis-desk',
      'feeds-and-watch',
      'the-index-in-postgresql-storepostgres',
      'notes',
      'notes-1',
    ]);
  });

  const files = markdownFiles();
  it('finds the README and the docs', () => {
    expect(files).toContain('README.md');
    expect(files).toContain(path.join('docs', 'design.md'));
  });

  it.each(files)('every relative link in %s resolves', (file) => {
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    const broken: string[] = [];
    for (const link of relativeLinks(text)) {
      const [target, anchor] = link.split('#', 2) as [string, string | undefined];
      const resolved =
        target === ''
          ? path.join(REPO_ROOT, file)
          : path.resolve(REPO_ROOT, path.dirname(file), decodeURI(target));
      if (!existsSync(resolved)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md')) {
        if (!anchorsOf(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor)))
          broken.push(`${link}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });
});
