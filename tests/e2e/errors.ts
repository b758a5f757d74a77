/** For the end-to-end suites: every console error and uncaught page error of a page, as lines. */
import type { Page } from '@playwright/test';

/** Collects console errors and page errors from now on; end a test by expecting the list to be empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
