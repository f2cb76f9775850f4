// `recourse compliance …` commands: thin wrappers over the compliance module's use cases.
import type { Command } from 'commander';

export function registerComplianceCommands(program: Command): void {
  program.command('compliance').description('Compliance gate, script library, complaints, campaigns');
}
