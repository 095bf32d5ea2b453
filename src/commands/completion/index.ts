/** rmqx completion bash|zsh|fish: a completion script generated from the command tree. */
import { Argument, type Command } from 'commander';
import { run, verb } from '../../cli/command.js';
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

export function registerCompletion(program: Command): void {
  verb(program, 'completion', 'print a shell completion script: source <(rmqx completion bash)')
    .addArgument(new Argument('<shell>', 'the shell: bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      `
Load it in the current shell:
  bash:  source <(rmqx completion bash)
  zsh:   source <(rmqx completion zsh)        (after compinit)
  fish:  rmqx completion fish | source
Install it for every shell:
  bash:  rmqx completion bash > ~/.local/share/bash-completion/completions/rmqx
  zsh:   rmqx completion zsh > "\${fpath[1]}/_rmqx"
  fish:  rmqx completion fish > ~/.config/fish/completions/rmqx.fish`,
    )
    .action(
      run(async (ctx, [shell]) => {
        const { loadAll } = await import('../../cli/program.js');
        await loadAll(program);
        await ctx.out.write(completionScript(program, shell as Shell));
      }),
    );
}
