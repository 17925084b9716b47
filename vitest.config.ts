import { defineConfig } from 'vitest/config';

/**
 * Three projects, run in this order so the fast ones fail first: `unit` (services on real SQLite files; the
 * developer loop, `npm run test:unit`; the goal is under 2 minutes, measured 136 s on the idle 2-core
 * machine), then `slow` (crash recovery with killed processes, city-scale figures, long properties, the
 * Electron layer, fuzzing) beside `e2e` (the real UI in Chromium). `npm test` runs all three.
 * A unit file goes to `slow` when it alone takes more than ~15 s on a 2-core machine.
 */
const SLOW_UNIT = [
  'test/unit/crash.test.ts',
  'test/unit/electron.test.ts',
  'test/unit/fuzz.test.ts',
  'test/unit/import.test.ts',
  'test/unit/printing.test.ts',
  'test/unit/reports.test.ts',
  'test/unit/sync-fuzz.test.ts',
  'test/unit/sync-convergence.test.ts',
  'test/unit/worker.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], exclude: SLOW_UNIT, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'slow', include: SLOW_UNIT, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.{ts,tsx}'],
          sequence: { groupOrder: 1 },
          // A list answers after the search box's pause (400 ms) and a round trip through the store worker: on a
          // loaded 2-core machine that passes expect.poll's default 1 s. The poll still ends as soon as it holds.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
