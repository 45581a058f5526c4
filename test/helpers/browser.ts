// Debian's chromium driven by playwright-core (never a downloaded browser), and the viewer it
// talks to: a real `createViewer` over a real store, serving the built web UI.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from './corpus.js';

export const CHROMIUM = process.env.WEIR_CHROMIUM ?? '/usr/bin/chromium';
export const WEB_ROOT = join(REPO_ROOT, 'web', 'dist');
export const SHOTS = join(REPO_ROOT, 'build', 'screenshots');

/** Why the browser suite cannot run here, or null. */
export function browserMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is absent (apt-get install chromium)`;
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return `${WEB_ROOT} is not built (npm run build)`;
  return null;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function logIn(page: Page, user: string, password: string): Promise<void> {
  await page.locator('input[name=user]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
