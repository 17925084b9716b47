import { writeFileSync } from 'node:fs';
import { householdLedger } from '../test/helpers/store';

/** Writes the bench's household ledger (base64 xlsx) to a file, in a process of its own (see import.ts). */
const [, , rows, out] = process.argv;
writeFileSync(out, Buffer.from(await householdLedger(Number(rows)), 'base64'));
