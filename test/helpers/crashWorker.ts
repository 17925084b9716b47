// Child process for the crash-safety tests: does one long operation until it is killed with SIGKILL.
import { readFileSync } from 'node:fs';
import { LedgerApp } from '../../electron/app';
import { createBackup } from '../../electron/backup/service';
import { importPackage } from '../../electron/sync/service';

const [mode, dataDir, arg] = process.argv.slice(2);
const actor = { userId: 'crash', userName: '崩溃测试', role: 'admin' as const };
const app = new LedgerApp({ dataDir });
process.stdout.write('ready\n');
if (mode === 'import') {
  importPackage(app, actor, readFileSync(arg));
} else if (mode === 'writes') {
  // Operations of 10 records each, one transaction per operation: afterwards every batch is whole or absent.
  for (let op = 0; op < 100000; op++)
    app.run.tx(() => {
      for (let k = 0; k < 10; k++) app.records.create('facilities', { townshipCode: app.requireOffice().divisionCode, name: `批次${op}-${k}`, type: '其他', status: '运营', remark: `op${op}` }, actor);
    });
} else if (mode === 'backup') {
  void (async () => {
    for (;;) await createBackup(app.store.sqlite, dataDir, 'manual');
  })();
}
process.stdout.write('done\n');
