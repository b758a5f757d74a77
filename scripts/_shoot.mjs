import { chromium } from '@playwright/test';
const [,, base, ...specs] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (const spec of specs) {
  const [w, h, hash, name] = spec.split('|');
  const ctx = await browser.newContext({ viewport: { width: +w, height: +h }, reducedMotion: 'reduce' });
  await ctx.addInitScript(() => localStorage.setItem('out-of-order.settings.v1', JSON.stringify({ predictions: false })));
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
  await page.goto(base + hash);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: +w < 500 });
  await ctx.close();
}
await browser.close();
