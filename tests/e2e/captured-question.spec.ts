import { expect, test } from './fixtures';

/** A person who has never answered: connected, captured products off, not asked yet. */
async function asNewUser(extension: { serviceWorker: { evaluate: (fn: () => Promise<void>) => Promise<void> } }) {
  await extension.serviceWorker.evaluate(async () => {
    await chrome.storage.sync.set({ capturedProductsAsked: false, addCapturedProducts: false });
  });
}

// The browser is shared by the worker's tests: leave the setting as others expect it (off, answered).
test.afterEach(async ({ extension }) => {
  await extension.serviceWorker.evaluate(async () => {
    await chrome.storage.sync.set({ capturedProductsAsked: true, addCapturedProducts: false });
  });
});

test('on first connection the side panel asks once whether saved pages’ products join your catalogue', async ({
  extension,
  connectExtension,
}) => {
  await connectExtension();
  await asNewUser(extension);
  const panel = await extension.context.newPage();
  await panel.goto(extension.pageUrl('sidepanel.html'));
  const question = panel.getByTestId('captured-question');
  await expect(question).toBeVisible();
  await expect(question.getByRole('heading')).toHaveText('Add the products you save to your catalogue?');
  await expect(question).toContainText('“Find similar” also finds things from shops you have visited'); // why
  await expect(question).toContainText('They stay yours: only you see them'); // whose
  await question.getByRole('button', { name: 'Yes, add them' }).click();
  await expect(question).toHaveCount(0);

  // The popup's switch shows the answer, and stays the way to change it.
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl('popup.html'));
  const optIn = popup.getByLabel(/Add products from pages I save from/);
  await expect(optIn).toBeChecked();

  // Asked once: a new panel does not ask again.
  await panel.reload();
  await expect(panel.getByRole('tab', { name: 'This page' })).toBeVisible();
  await expect(panel.getByTestId('captured-question')).toHaveCount(0);

  // "No, thanks" leaves it off; a choice made in the popup also counts as the answer.
  await asNewUser(extension);
  await panel.reload();
  await panel.getByTestId('captured-question').getByRole('button', { name: 'No, thanks' }).click();
  await expect(panel.getByTestId('captured-question')).toHaveCount(0);
  await popup.reload();
  await expect(optIn).not.toBeChecked();
  await asNewUser(extension);
  await optIn.check();
  await panel.reload();
  await expect(panel.getByRole('tab', { name: 'This page' })).toBeVisible();
  await expect(panel.getByTestId('captured-question')).toHaveCount(0);
  await popup.close();
  await panel.close();
});

test('without a connection the panel does not ask', async ({ extension }) => {
  await extension.serviceWorker.evaluate(async () => {
    await chrome.storage.local.set({ apiToken: '' });
    await chrome.storage.sync.set({ capturedProductsAsked: false });
  });
  const panel = await extension.context.newPage();
  await panel.goto(extension.pageUrl('sidepanel.html'));
  await expect(panel.getByRole('tab', { name: 'This page' })).toBeVisible();
  await expect(panel.getByTestId('captured-question')).toHaveCount(0);
  await panel.close();
});
