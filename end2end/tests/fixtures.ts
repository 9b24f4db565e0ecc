import { test as base, expect, type Browser, type Page } from '@playwright/test';

// Every test fails if the page logged an error or threw: a broken hydration shows up here
// even when the server-rendered HTML looks right. Allowed are Chromium's reports of a page that
// was meant to answer 404, and of a server function that refused a request with a 4xx status
// (a form with a mistake, a stale edit): those are answers, not failures. A 5xx never is.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const expected = new Set<string>();
      page.on('response', (response) => {
        const status = response.status();
        const missingPage = response.request().isNavigationRequest() && status === 404;
        const refusal = new URL(response.url()).pathname.startsWith('/api/') && status >= 400 && status < 500;
        if (missingPage || refusal) expected.add(response.url());
      });
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const answered = expected.has(msg.location().url) && /status of 4\d\d/.test(msg.text());
        // Playwright itself tries to run its helpers in every frame; a sandboxed one (the
        // campaign preview) refuses them and Chromium says so. A real browser logs nothing.
        const harness = /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(msg.text());
        if (!answered && !harness) errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The owner that first-run setup creates. */
export const OWNER = { name: 'Wang Fang', email: 'owner@banyan.test', password: 'owner password 1' };

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
}

/** Signs in through the form and waits for the signed-in page. */
export async function signIn(page: Page, email: string, password: string, path = '/') {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sidebar .nav')).toBeVisible();
}

/** Follows a place in the navigation, opening "More" first where a phone's bar lacks it. */
export async function navigate(page: Page, name: string) {
  // Before the app runs, a tap on "More" could be undone by the page hydrating over it.
  await hydrated(page);
  const link = page.locator('.sidebar').getByRole('link', { name });
  if (!(await link.isVisible())) await page.locator('.nav-more label').click();
  await link.click();
}

/** An email no other test, in either project, uses. */
export function uniqueEmail(prefix: string) {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@banyan.test`;
}

/** A second, independent browser user. */
export async function newUser(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** The owner adds a teammate on the users screen; `page` must be signed in as the owner. */
export async function addTeammate(page: Page, name: string, email: string, role = 'sales') {
  await page.goto('/users');
  await hydrated(page);
  const add = page.getByTestId('add-teammate');
  await add.getByLabel('Name').fill(name);
  await add.getByLabel('Email').fill(email);
  await add.getByLabel('Role').selectOption(role);
  await add.getByLabel('First password').fill('first password');
  await add.getByRole('button', { name: 'Add teammate' }).click();
  await expect(page.locator('.toast')).toContainText('Teammate added');
}

/** A new teammate in a browser of their own, signed in at `path`; `page` is the owner's. */
export async function teammateSignedIn(page: Page, browser: Browser, name: string, role: string, path: string) {
  await signIn(page, OWNER.email, OWNER.password);
  const email = uniqueEmail(role);
  await addTeammate(page, name, email, role);
  const them = await newUser(browser);
  await signIn(them.page, email, 'first password', path);
  await hydrated(them.page);
  return { email, ...them };
}

/** A name no other test, in either project, uses: the base and a number. */
export function uniqueName(base: string) {
  return `${base}${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;
}

/** Opens a ticket for a new customer from their page; returns its number. */
export async function ticketFor(page: Page, subject: string) {
  const customer = uniqueName('Zhou Min ');
  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(customer);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(customer);
  await page.getByTestId('contact-tickets').getByRole('link', { name: 'New ticket' }).click();
  const form = page.getByTestId('new-ticket');
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('What the customer needs').fill('The parcel never came.');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  const heading = page.getByTestId('ticket-subject');
  await expect(heading).toContainText(subject);
  return (await heading.textContent())!.match(/#(\d+)/)![1];
}

/** A stage's column of the board. */
export function column(page: Page, stage: string) {
  return page.locator(`[data-testid="board-column"][data-stage="${stage}"]`);
}

/** Adds a deal at the top of the first column. */
export async function quickAdd(page: Page, title: string, amount: string) {
  const lead = column(page, 'Lead in');
  await lead.getByRole('button', { name: '+ Add deal' }).click();
  await lead.getByPlaceholder('Title').fill(title);
  await lead.getByPlaceholder('Amount').fill(amount);
  await lead.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(lead.getByTestId('deal-card').filter({ hasText: title })).toBeVisible();
}
