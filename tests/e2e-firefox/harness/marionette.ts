import { connect, type Socket } from 'node:net';

/**
 * A small client for Firefox's Marionette protocol (version 3): JSON messages
 * over TCP, each sent as `<byte length>:<json>`. A command is
 * `[0, id, name, params]`, its answer `[1, id, error, result]`.
 *
 * Written here because no maintained npm client exists: the registry's
 * Marionette clients are Firefox OS-era and unmaintained, geckodriver's npm
 * package downloads a binary at install (impossible here), and WebDriver BiDi
 * (Puppeteer) cannot reach extension pages yet (Mozilla bug 1755014).
 */

/** The W3C WebDriver key under which an element reference travels. */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const SHADOW_KEY = 'shadow-6066-11e4-a52e-4f735466cecf';

export interface ElementRef {
  [ELEMENT_KEY]: string;
}
interface ShadowRef {
  [SHADOW_KEY]: string;
}

export class MarionetteError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`${command}: ${error}: ${message}`);
  }
}

export class Marionette {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<
    number,
    { command: string; resolve(value: unknown): void; reject(error: Error): void }
  >();
  private greeting?: (message: unknown) => void;
  private closedError?: Error;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => this.failAll(new Error('the Marionette connection closed')));
    socket.on('error', (error) => this.failAll(error));
  }

  /** Connects and checks the greeting (`{ marionetteProtocol: 3 }`). */
  static async connect(port: number, host = '127.0.0.1'): Promise<Marionette> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, host, () => resolve(s));
      s.once('error', reject);
    });
    const client = new Marionette(socket);
    const hello = (await new Promise<unknown>((resolve) => (client.greeting = resolve))) as {
      marionetteProtocol?: number;
    };
    if (hello.marionetteProtocol !== 3) {
      socket.destroy();
      throw new Error(`unexpected Marionette protocol: ${JSON.stringify(hello)}`);
    }
    return client;
  }

  /** Sends one command and waits for its answer. */
  send<T = unknown>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    const json = JSON.stringify([0, id, command, params]);
    this.socket.write(`${Buffer.byteLength(json)}:${json}`);
    // An error is reported with the stack of the test line that sent the command, not of the socket's data handler.
    const caller = new Error();
    return new Promise<T>((resolve, reject) =>
      this.pending.set(id, {
        command,
        resolve: resolve as (value: unknown) => void,
        reject: (error) =>
          reject(
            Object.assign(error, {
              stack: `${error.name}: ${error.message}\n${caller.stack?.split('\n').slice(2).join('\n')}`,
            }),
          ),
      }),
    );
  }

  close() {
    this.socket.destroy();
  }

  private onData(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a); // ':'
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const message: unknown = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.onMessage(message);
    }
  }

  private onMessage(message: unknown) {
    if (!Array.isArray(message)) {
      this.greeting?.(message);
      this.greeting = undefined;
      return;
    }
    const [type, id, error, result] = message as [number, number, { error: string; message: string } | null, unknown];
    const waiting = type === 1 ? this.pending.get(id) : undefined;
    if (!waiting) return;
    this.pending.delete(id);
    if (error) waiting.reject(new MarionetteError(waiting.command, error.error, error.message));
    else waiting.resolve(result);
  }

  private failAll(error: Error) {
    this.closedError ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  // --- The WebDriver commands the tests use, typed. ---

  /** Where commands act: the page in the current tab ('content') or Firefox's own windows ('chrome'). */
  setContext(value: 'content' | 'chrome') {
    return this.send('Marionette:SetContext', { value });
  }

  navigate(url: string) {
    return this.send('WebDriver:Navigate', { url });
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the current context and returns its value. */
  async execute<T = unknown>(script: string, args: unknown[] = []): Promise<T> {
    return (await this.send<{ value: T }>('WebDriver:ExecuteScript', { script, args })).value;
  }

  /** The first element that `selector` (CSS, or XPath with `using: 'xpath'`) finds, in the page, an element or a shadow root. */
  async findElement(
    selector: string,
    from?: ElementRef | ShadowRef,
    using: 'css selector' | 'xpath' = 'css selector',
  ): Promise<ElementRef> {
    const params = { using, value: selector };
    const answer =
      from && SHADOW_KEY in from
        ? await this.send<{ value: ElementRef }>('WebDriver:FindElementFromShadowRoot', {
            ...params,
            shadowRoot: from[SHADOW_KEY],
          })
        : await this.send<{ value: ElementRef }>(
            'WebDriver:FindElement',
            from ? { ...params, element: from[ELEMENT_KEY] } : params,
          );
    return answer.value;
  }

  /** The shadow root of an element, open or closed (Marionette may open closed ones). */
  async shadowRoot(element: ElementRef): Promise<ShadowRef> {
    return (await this.send<{ value: ShadowRef }>('WebDriver:GetShadowRoot', { id: element[ELEMENT_KEY] })).value;
  }

  click(element: ElementRef) {
    return this.send('WebDriver:ElementClick', { id: element[ELEMENT_KEY] });
  }

  clear(element: ElementRef) {
    return this.send('WebDriver:ElementClear', { id: element[ELEMENT_KEY] });
  }

  type(element: ElementRef, text: string) {
    return this.send('WebDriver:ElementSendKeys', { id: element[ELEMENT_KEY], text });
  }

  /** Moves the mouse pointer onto the middle of an element (a real hover: mouseover, mousemove). */
  async hover(element: ElementRef) {
    await this.send('WebDriver:PerformActions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [{ type: 'pointerMove', duration: 0, origin: element, x: 0, y: 0 }],
        },
      ],
    });
    await this.send('WebDriver:ReleaseActions');
  }

  /** Opens a new tab and returns its handle (the current one stays selected until `switchTo`). */
  async newTab(): Promise<string> {
    return (await this.send<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' })).handle;
  }

  /** Makes the tab the target of commands; `focus: false` leaves the selected tab as it is. */
  switchTo(handle: string, { focus = true } = {}) {
    return this.send('WebDriver:SwitchToWindow', { handle, focus });
  }

  async windowHandle(): Promise<string> {
    return (await this.send<{ value: string }>('WebDriver:GetWindowHandle')).value;
  }
}
