import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INBOUND_SECRET } from './tests/mail';

// Each run starts the real release server on a fresh data folder (a new SQLite database),
// on its own port so that it never meets a Banyan the developer is running.
const port = process.env.BANYAN_E2E_PORT ?? '3457';
const baseURL = `http://127.0.0.1:${port}`;
const root = resolve(__dirname, '..');
const bin = process.env.BANYAN_BIN ?? join(root, 'target/release/banyan');
// The workers evaluate this file again: they inherit the folder through the environment, so
// that a test running the command line (an import) works on the server's database.
process.env.BANYAN_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'banyan-e2e-'));
const dataDir = process.env.BANYAN_E2E_DATA_DIR;
// A real SMTP server (Python's aiosmtpd) takes what Banyan mails and keeps it in a Maildir the
// tests read. The workers evaluate this file again: they inherit the folder through the
// environment, so that all of them read where the server writes.
const smtpPort = process.env.BANYAN_E2E_SMTP_PORT ?? '2526';
process.env.BANYAN_E2E_MAILDIR ??= join(mkdtempSync(join(tmpdir(), 'banyan-mail-')), 'maildir');
const mailDir = process.env.BANYAN_E2E_MAILDIR;

// The site the server serves: the update test puts a new release's service worker there.
process.env.BANYAN_E2E_SITE_ROOT ??= join(root, 'target/site');
const siteRoot = process.env.BANYAN_E2E_SITE_ROOT;

const desktop = { width: 1280, height: 800 };
const phone = { width: 375, height: 667 };

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One browser per core, at least two. More than the cores gain nothing worth the load: on
  // two cores, four workers took 270 s against 291 s for two, within a run's noise.
  workers: Math.max(2, availableParallelism()),
  reporter: 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright never downloads a browser here.
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // First-run setup creates the owner every other test signs in as: it runs first, once.
    { name: 'setup', testMatch: /first-run\.setup\.ts/, use: { viewport: desktop } },
    { name: 'desktop', dependencies: ['setup'], testIgnore: /update\.spec\.ts/, use: { viewport: desktop } },
    {
      name: 'phone',
      dependencies: ['setup'],
      testIgnore: /update\.spec\.ts/,
      use: { viewport: phone, isMobile: true, hasTouch: true },
    },
    // A new release of the site changes the service worker every open page may check: it runs
    // alone, after the others.
    {
      name: 'update',
      dependencies: ['desktop', 'phone'],
      testMatch: /update\.spec\.ts/,
      use: { viewport: phone, isMobile: true, hasTouch: true },
    },
  ],
  webServer: [
    {
      command: `python3 -m aiosmtpd -n -u -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox "${mailDir}"`,
      port: Number(smtpPort),
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `"${bin}" serve`,
      cwd: root,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: {
        BANYAN_ADDR: `127.0.0.1:${port}`,
        BANYAN_DATA_DIR: dataDir,
        LEPTOS_SITE_ROOT: siteRoot,
        RUST_LOG: 'warn',
        BANYAN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        BANYAN_MAIL_FROM: 'Banyan Support <help@banyan.test>',
        BANYAN_INBOUND_SECRET: INBOUND_SECRET,
      },
    },
  ],
});
