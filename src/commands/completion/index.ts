/** rmqx completion bash|zsh|fish: a completion script generated from the command tree. */
import type { Command } from 'commander';
import { arg, defineCommand } from '../../cli/define.js';
import { describeProgram } from '../../cli/tree.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { completionModel } from './model.js';
import { zshScript } from './zsh.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(program: Command, shell: Shell): string {
  const model = completionModel(describeProgram(program));
  return shell === 'bash' ? bashScript(model) : shell === 'zsh' ? zshScript(model) : fishScript(model);
}

export const completion = defineCommand({
  name: 'completion',
  summary: 'print a shell completion script: source <(rmqx completion bash)',
  args: { shell: arg.choice('shell', SHELLS, 'the shell: bash, zsh or fish') },
  help: `Load it in the current shell:
  bash:  source <(rmqx completion bash)
  zsh:   source <(rmqx completion zsh)        (after compinit)
  fish:  rmqx completion fish | source
Install it for every shell:
  bash:  rmqx completion bash > ~/.local/share/bash-completion/completions/rmqx
  zsh:   rmqx completion zsh > "\${fpath[1]}/_rmqx"
  fish:  rmqx completion fish > ~/.config/fish/completions/rmqx.fish`,
  async run(ctx, { shell }) {
    // the whole tree comes through the context: this module never imports the program (no cycle)
    await ctx.out.write(completionScript(await ctx.wholeTree(), shell));
  },
});
