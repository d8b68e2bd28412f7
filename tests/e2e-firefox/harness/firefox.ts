import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Marionette } from './marionette';

export const firefoxExtensionDir = path.resolve('.output/firefox-mv2');
const manifest = () =>
  JSON.parse(readFileSync(path.join(firefoxExtensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };

export interface ExtensionFirefox {
  marionette: Marionette;
  /** The add-on's id (from the manifest) and the moz-extension:// host we pinned for it. */
  addonId: string;
  uuid: string;
  /** A page of the extension, e.g. `popup.html`. */
  pageUrl(page: string): string;
  /** The id of Firefox's sidebar that shows the extension's sidebar_action. */
  sidebarId: string;
  /** Everything Firefox printed (with `devtools.console.stdout.content`, the pages' console too). */
  output(): string;
  close(): Promise<void>;
}

/** A free loopback port for Marionette to listen on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pref = (name: string, value: string | number | boolean) =>
  `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`;

/**
 * Launches Debian's Firefox ESR (or FIREFOX_PATH) headless with Marionette on,
 * and installs the built Firefox extension as a temporary add-on. The profile
 * pins the add-on's moz-extension:// UUID, keeps every host but loopback off
 * the network (a proxy at 127.0.0.1:9 that nothing answers; loopback bypasses
 * proxies), and prints page consoles on stdout for failure messages.
 */
export async function launchExtensionFirefox(): Promise<ExtensionFirefox> {
  const addonId = manifest().browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const port = await freePort();
  const profile = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-firefox-'));
  await writeFile(
    path.join(profile, 'user.js'),
    [
      pref('marionette.port', port),
      pref('xpinstall.signatures.required', false),
      pref('extensions.webextensions.uuids', JSON.stringify({ [addonId]: uuid })),
      pref('network.proxy.type', 1),
      pref('network.proxy.http', '127.0.0.1'),
      pref('network.proxy.http_port', 9),
      pref('network.proxy.ssl', '127.0.0.1'),
      pref('network.proxy.ssl_port', 9),
      pref('network.proxy.share_proxy_settings', true),
      pref('devtools.console.stdout.content', true),
      pref('browser.shell.checkDefaultBrowser', false),
      pref('datareporting.policy.dataSubmissionEnabled', false),
      pref('toolkit.telemetry.reportingpolicy.firstRun', false),
    ].join('\n'),
  );

  const executable = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  let output = '';
  const child: ChildProcess = spawn(
    executable,
    ['--headless', '--marionette', '--remote-allow-system-access', '--no-remote', '--profile', profile],
    {
      env: { ...process.env, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`could not start Firefox at ${executable} (set FIREFOX_PATH): ${error.message}`)),
    ),
  );

  const cleanUp = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited.finally(() => clearTimeout(stuck));
    }
    await rm(profile, { recursive: true, force: true });
  };

  try {
    const marionette = await Promise.race([
      connectWhenListening(
        port,
        () => child.exitCode !== null,
        () => output,
      ),
      spawnError,
    ]);
    // Finding an element waits up to 10 s for it to appear (pages render after reading storage).
    await marionette.send('WebDriver:NewSession');
    await marionette.send('WebDriver:SetTimeouts', { implicit: 10_000 });
    await marionette.send('Addon:Install', { path: firefoxExtensionDir, temporary: true });
    return {
      marionette,
      addonId,
      uuid,
      pageUrl: (page) => `moz-extension://${uuid}/${page}`,
      sidebarId: `${addonId.replace(/[.@]/g, '_')}-sidebar-action`,
      output: () => output,
      async close() {
        await marionette.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => {});
        marionette.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw new Error(`${(error as Error).message}\nFirefox printed:\n${output.slice(-4000)}`, { cause: error });
  }
}

async function connectWhenListening(port: number, gone: () => boolean, output: () => string): Promise<Marionette> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await Marionette.connect(port);
    } catch (error) {
      if (gone()) throw new Error(`Firefox exited before Marionette listened:\n${output()}`, { cause: error });
      if (Date.now() > deadline) throw new Error(`Marionette did not listen on ${port} within 60 s`, { cause: error });
      await sleep(200);
    }
  }
}
