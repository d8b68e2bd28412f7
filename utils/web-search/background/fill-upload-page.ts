/**
 * Injected into an engine's upload page (with scripting.executeScript, in the extension's isolated
 * world) once the tab has loaded: puts the image in the page's file field, as if the person had
 * picked the file, and tells the page (input and change events). Self-contained, because the
 * browser serialises the function: it may use nothing from outside its own body.
 *
 * It fills only a page on the site the engine named (a redirect to a sign-in or consent page on
 * another site gets nothing), and waits a while for the field: some engines add it only after the
 * page's script runs, or after the person opens their upload dialog.
 */
export async function fillUploadPage(image: {
  base64: string;
  name: string;
  type: string;
  /** The engine's host or registrable domain: the page must be on it or one of its subdomains. */
  site: string;
  waitMs: number;
}): Promise<'filled' | 'no-file-field' | 'elsewhere'> {
  const host = location.hostname;
  if (host !== image.site && !host.endsWith(`.${image.site}`)) return 'elsewhere';

  const findField = () =>
    [...document.querySelectorAll<HTMLInputElement>('input[type=file]')].find(
      (input) => !input.disabled && (!input.accept || /image|\*/.test(input.accept)),
    );
  const field =
    findField() ??
    (await new Promise<HTMLInputElement | undefined>((resolve) => {
      const observer = new MutationObserver(() => {
        const found = findField();
        if (found) finish(found);
      });
      const timer = setTimeout(() => finish(undefined), image.waitMs);
      function finish(found: HTMLInputElement | undefined) {
        observer.disconnect();
        clearTimeout(timer);
        resolve(found);
      }
      observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['type'] });
    }));
  if (!field) return 'no-file-field';

  const binary = atob(image.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], image.name, { type: image.type }));
  field.files = transfer.files;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  return 'filled';
}
