/**
 * Small helpers for driving Ant Design widgets whose popups live outside the field (Select,
 * TreeSelect), so tests don't repeat antd's class names.
 */
import type { Locator, Page } from 'playwright-core';

/** The popup of the Select/TreeSelect that is open now (antd keeps closed ones in the DOM, hidden). */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/**
 * Opens an antd Select (`field` is its combobox, e.g. `dialog.getByLabel('Vai trò')`) and clicks
 * the option whose text is exactly `text`. A searchable Select gets the text typed first: its list
 * is virtual, so an option far down is not in the DOM until the list is filtered.
 */
export async function chooseOption(page: Page, field: Locator, text: string): Promise<void> {
  // Under load a click can land while antd re-renders the list, leaving nothing chosen: check and retry.
  for (let attempt = 1; ; attempt++) {
    await field.click();
    if (await field.evaluate((el) => el instanceof HTMLInputElement && !el.readOnly))
      await field.pressSequentially(text);
    const option = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`).filter({ hasText: exactly(text) });
    await option.click();
    await settle(page, field);
    const chosen = await selectedText(field);
    if (chosen.includes(text)) return;
    if (attempt === 3) throw new Error(`Không chọn được "${text}" (đang hiển thị "${chosen}").`);
  }
}

/**
 * Makes sure no popup stays open after a choice: under load antd may keep the popup open after the
 * click (its options re-rendered mid-click); blurring the field closes it without the Escape key,
 * which would also close a surrounding dialog.
 */
async function settle(page: Page, field: Locator): Promise<void> {
  const popup = page.locator(OPEN_DROPDOWN);
  const closed = await popup
    .waitFor({ state: 'hidden', timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (!closed) await field.evaluate((el) => (el as HTMLElement).blur());
  await popup.waitFor({ state: 'hidden' });
}

/**
 * Opens an antd TreeSelect (`field` is its combobox), types `text` to filter the tree (when the
 * field is searchable) and clicks the node whose title is exactly `text`.
 */
export async function chooseTreeNode(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await field.pressSequentially(text);
  const node = page.locator(`${OPEN_DROPDOWN} .ant-select-tree-title`).filter({ hasText: exactly(text) });
  await node.click();
  await settle(page, field);
}

/** The text an antd Select/TreeSelect shows as its chosen value ('' if none). */
export async function selectedText(field: Locator): Promise<string> {
  const select = field.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
  // antd 6 puts the chosen label in `.ant-select-content` (also as its title), beside the search input.
  const content = select.locator('.ant-select-content').first();
  // The visible label first: an option's `title` may be a longer description (roles).
  const text = (await content.innerText()).trim();
  return text !== '' ? text : ((await content.getAttribute('title')) ?? '').trim();
}
