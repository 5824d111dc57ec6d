import { readFileSync } from 'node:fs';

/**
 * The shell blocks of a documentation page, in order: every ```sh fence, except one whose preceding
 * line is `<!-- docs-test: skip (why) -->` (a block that starts a server or the demo, which the
 * test provides or tests elsewhere).
 */
export function shellBlocks(markdown: string): string[] {
  const lines = markdown.split('\n');
  const blocks: string[] = [];
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '```sh') {
      const end = lines.indexOf('```', i + 1);
      if (end < 0) throw new Error(`unclosed shell block at line ${i + 1}`);
      if (!/^<!-- docs-test: skip\b/.test(previous)) blocks.push(lines.slice(i + 1, end).join('\n'));
      i = end;
      previous = '```';
      continue;
    }
    if (line.trim() !== '') previous = line.trim();
  }
  return blocks;
}

export function shellBlocksOf(file: string): string[] {
  return shellBlocks(readFileSync(file, 'utf8'));
}
