// A small runner for the browser tests: named steps run in order (later
// steps build on earlier ones), each timed; a failed step saves a
// screenshot and the run goes on to report "N passed, N failed".
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const env = {
  url: must('PARLEY_URL'),
  keyA: must('PARLEY_KEY_A'),
  keyB: must('PARLEY_KEY_B'),
  artifacts: process.env.PARLEY_ARTIFACTS ?? 'test-artifacts/web',
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};

function must(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (deploy/dev/web-test.sh sets it)`);
  return v;
}

export async function launch() {
  mkdirSync(env.artifacts, { recursive: true });
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(env.artifacts, name + '.png') });
}

/** Calls the API as an agent (seeding and checks). */
export async function apiCall(key, method, path, body, headers = {}) {
  const r = await fetch(env.url + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function run(steps, pagesForFailure) {
  let passed = 0, failed = 0;
  const started = Date.now();
  for (const [name, fn] of steps) {
    const t0 = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
      for (const [label, p] of Object.entries(pagesForFailure())) {
        if (p) await p.screenshot({ path: join(env.artifacts, `FAILED-${name.replace(/\W+/g, '-')}-${label}.png`) }).catch(() => {});
      }
    }
  }
  console.log(`web e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}
