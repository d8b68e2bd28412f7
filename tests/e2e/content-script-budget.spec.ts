import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { extensionDir } from './harness/browser';

// The content script runs in every frame of every page a person opens: its size is a budget
// (issue #3: at most 15 kB gzip, no React, no zod). The build under test is the one the other
// specs load (playwright's global setup builds it).
test('the content script stays within 15 kB gzip and carries neither React nor zod', () => {
  const bundle = readFileSync(path.join(extensionDir, 'content-scripts', 'content.js'));
  expect(gzipSync(bundle).length).toBeLessThanOrEqual(15_000);
  const code = bundle.toString('utf8');
  expect(code).not.toMatch(/react\.(transitional\.)?element|__SECRET_INTERNALS|ZodError|\$ZodType/);
});

// The built-in sensitive sites are kept out by the manifest, so the bundle need not carry their list.
test('the manifest keeps the content script out of the built-in sensitive sites; the bundle does not list them', () => {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    content_scripts: { exclude_matches?: string[] }[];
  };
  for (const script of manifest.content_scripts) {
    expect(script.exclude_matches).toEqual(expect.arrayContaining(['*://*.chase.com/*', '*://*.mail.google.com/*']));
  }
  const code = readFileSync(path.join(extensionDir, 'content-scripts', 'content.js'), 'utf8');
  expect(code).not.toContain('bankofamerica.com');
});
