// `recourse` command line. Each module contributes its commands; all of them call the same use cases as the API.
import { Command } from 'commander';
import { registerPlatformCommands } from './platform.js';
import { registerEvidenceCommands } from './evidence.js';
import { registerCasesCommands } from './cases.js';
import { registerComplianceCommands } from './compliance.js';
import { registerLedgerCommands } from './ledger.js';
import { registerDocumentsCommands } from './documents.js';
import { registerRiskCommands } from './risk.js';
import { registerPiiCommands } from './pii.js';

const program = new Command();
program.name('recourse').description('Recourse: compliance-first debt recovery').showHelpAfterError();
registerPlatformCommands(program);
registerEvidenceCommands(program);
registerCasesCommands(program);
registerComplianceCommands(program);
registerLedgerCommands(program);
registerDocumentsCommands(program);
registerRiskCommands(program);
registerPiiCommands(program);

await program.parseAsync(process.argv);
