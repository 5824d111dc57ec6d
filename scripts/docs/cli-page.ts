import type { Command } from 'commander';
import { GENERATED_NOTICE } from './compatibility-page.js';

/**
 * The CLI reference, read from the commander definitions themselves (the text `--help` prints), so
 * a new command or option appears on the page the moment it is registered.
 */

/** Markdown text: `<name>` would otherwise be read as an HTML tag and vanish. */
function prose(text: string): string {
  return text.replace(/</g, '\\<');
}

function cell(text: string): string {
  return prose(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function commandSection(command: Command, level: number): string[] {
  const help = command.createHelp();
  const lines = [
    `${'#'.repeat(level)} \`${fullName(command)}\``,
    '',
    prose(help.commandDescription(command)),
    '',
  ];
  lines.push('```', help.commandUsage(command), '```', '');
  const args = help.visibleArguments(command);
  if (args.length > 0) {
    lines.push('| Argument | Meaning |', '| --- | --- |');
    for (const arg of args) {
      lines.push(`| \`${help.argumentTerm(arg)}\` | ${cell(help.argumentDescription(arg))} |`);
    }
    lines.push('');
  }
  const options = help.visibleOptions(command).filter((o) => o.long !== '--help');
  if (options.length > 0) {
    lines.push('| Option | Meaning |', '| --- | --- |');
    for (const option of options) {
      lines.push(`| \`${help.optionTerm(option)}\` | ${cell(help.optionDescription(option))} |`);
    }
    lines.push('');
  }
  for (const sub of help.visibleCommands(command)) {
    if (sub.name() === 'help') continue;
    lines.push(...commandSection(sub, level + 1));
  }
  return lines;
}

export function cliPage(program: Command): string {
  const help = program.createHelp();
  const commands = help.visibleCommands(program).filter((c) => c.name() !== 'help');
  return [
    GENERATED_NOTICE,
    '',
    `# The \`${program.name()}\` command`,
    '',
    `${help.commandDescription(program)} Every command and option below is read from the command ` +
      'definitions (src/client/cli, src/server/serve-command.ts); `gradual <command> --help` prints the ' +
      'same. Run it as `node bin/gradual.js <command>` in a checkout (`npm start` is `gradual serve`).',
    '',
    ...commands.map(
      (c) =>
        `- [\`${fullName(c)}\`](#${fullName(c).replace(/ /g, '-')}): ${prose(help.subcommandDescription(c))}`,
    ),
    '',
    ...commands.flatMap((c) => commandSection(c, 2)),
  ].join('\n');
}
