import { test, expect, hydrated, signIn, uniqueEmail, uniqueName, OWNER } from './fixtures';
import { deliver, mailTo } from './mail';

test('mail from a customer becomes a ticket, the answer and the survey reach them, and they rate it', async ({
  page,
  browser,
  request,
}) => {
  const email = uniqueEmail('emily');
  const subject = uniqueName('Broken hinge ');
  const posted = await deliver(request, [
    `From: Emily Chen <${email}>`,
    'To: help@banyan.test',
    `Subject: ${subject}`,
    `Message-ID: <${Date.now()}.${Math.random()}@mail.example.com>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The hinge of my cabinet broke after a week.',
    '',
  ]);
  expect(posted.status()).toBe(201);
  const { ticket } = await posted.json();

  // The agent finds it in the desk, from the customer, by email, and answers it as solved.
  await signIn(page, OWNER.email, OWNER.password, `/tickets/${ticket.id}`);
  await hydrated(page);
  await expect(page.getByTestId('ticket-subject')).toContainText(subject);
  await expect(page.locator('.ticket-head')).toContainText('Emily Chen');
  await expect(page.getByTestId('message').first()).toContainText('broke after a week');
  const composer = page.getByTestId('composer');
  await composer.getByLabel('Message').fill('We are sending you a new hinge today.');
  await composer.getByLabel('Then set status').selectOption('solved');
  await composer.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Solved');

  // The outbox worker mails the reply and the survey to the real SMTP server.
  await expect.poll(() => mailTo(email).length, { timeout: 20_000 }).toBe(2);
  const mails = mailTo(email);
  const reply = mails.find((m) => m.headers.get('subject')!.startsWith('Re:'))!;
  expect(reply.headers.get('subject')).toBe(`Re: [#${ticket.number}] ${subject}`);
  expect(reply.text).toContain('We are sending you a new hinge today.');
  const survey = mails.find((m) => m.headers.get('subject')!.startsWith('How did we do?'))!;
  const link = survey.text.match(/https?:\/\/\S+\/rate\?t=\S+/)![0];
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('delivery')).toHaveText('emailed');
  await expect(page.getByTestId('satisfaction')).toContainText('Not rated yet.');

  // The customer opens the link, with no account, on the same kind of screen, and rates.
  const customer = await browser.newContext({ viewport: page.viewportSize() });
  const rating = await customer.newPage();
  await rating.goto(link);
  await hydrated(rating);
  await expect(rating.getByTestId('rating')).toContainText(`#${ticket.number}`);
  await expect(rating.getByTestId('rating')).toContainText(subject);
  const fits = await rating.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, 'the rating page fits the screen').toBe(true);
  await rating.getByRole('radio', { name: /Good/ }).check();
  await rating.getByLabel('Anything you would like to tell us? (optional)').fill('Quick and friendly.');
  await rating.getByRole('button', { name: 'Send rating' }).click();
  await expect(rating.getByTestId('rating-thanks')).toContainText('4 / 5 · Good');
  // A link that was tampered with is refused in words the customer understands.
  await rating.goto(link.replace(/t=./, 't=x'));
  await expect(rating.getByTestId('rating')).toContainText('This rating link is not valid any more.');
  await customer.close();

  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('satisfaction-score')).toHaveText('4 / 5');
  await expect(page.getByTestId('satisfaction')).toContainText('Quick and friendly.');

  // The customer answers the reply from their mail program: it joins the thread and the
  // ticket is open again.
  const answered = await deliver(request, [
    `From: ${email}`,
    `Subject: Re: ${subject}`,
    `Message-ID: <${Date.now()}.answer@mail.example.com>`,
    `In-Reply-To: ${reply.headers.get('message-id')}`,
    '',
    'It arrived, thank you. One more screw is missing.',
    '',
    `On Wed, 2 Dec 2026, Banyan Support <help@banyan.test> wrote:`,
    '> We are sending you a new hinge today.',
    '',
  ]);
  expect(answered.status()).toBe(200);
  expect((await answered.json()).outcome).toBe('threaded');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('ticket-status')).toHaveText('Open');
  const last = page.getByTestId('message').last();
  await expect(last).toHaveAttribute('data-kind', 'incoming');
  await expect(last).toHaveText(/One more screw is missing\.$/);
});
