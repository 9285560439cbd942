import { settings, shownDefault, type Setting } from './settings';

const INTRO = [
  '# Configuration',
  '',
  '<!-- Generated from src/config/settings.ts by `npm run docs:config`; a unit test fails when this file is stale. -->',
  '',
  'Settings come from the environment and from `.env` (ignored by git; the environment wins). `.env.example` holds the',
  'same list as a template (`npx streamify config example`), and `npx streamify config show` validates the settings and',
  "prints the effective values with secrets masked. A wrong value stops every command at start with the setting's name,",
  'the value and what was expected (exit code 2); a file a setting names is read when the settings load, so a missing',
  'certificate or key fails at start too. Settings marked secret are masked, never echoed in an error and redacted',
  'from logs ([SECURITY.md](SECURITY.md)); what a production deployment sets is in [PRODUCTION.md](PRODUCTION.md).',
];

/** A markdown table cell: pipes escaped so the text cannot end the cell, and `<` so it cannot open an HTML tag. */
function cell(text: string): string {
  return text.replace(/[|<]/g, (c) => `\\${c}`);
}

/** A code span in a markdown table cell: only the pipe needs escaping there. */
function codeCell(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

/** A markdown table with its columns padded to their widest cell, as the formatter lays tables out. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** docs/CONFIGURATION.md: every setting by group, with its default and meaning, from the settings themselves. */
export function configReference(): string {
  const groups = new Map<string, Setting<unknown>[]>();
  for (const s of Object.values(settings) as Setting<unknown>[]) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const lines = [...INTRO];
  for (const [group, members] of groups) {
    const rows = members.map((s) => {
      const shown = shownDefault(s);
      return [codeCell(s.name), shown === '' ? '(none)' : codeCell(shown), cell(s.secret ? `${s.doc} Secret.` : s.doc)];
    });
    lines.push('', `## ${group}`, '', ...table(['setting', 'default', 'meaning'], rows));
  }
  return `${lines.join('\n')}\n`;
}
