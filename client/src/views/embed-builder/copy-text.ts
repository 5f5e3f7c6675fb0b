export type CopyOutcome = 'copied' | 'selected';

/**
 * Copies `text` to the clipboard; where the browser refuses (no permission, an insecure
 * origin), selects it in `field` instead, so the person copies it with their keyboard.
 */
export async function copyText(text: string, field: HTMLTextAreaElement): Promise<CopyOutcome> {
  try {
    if (typeof navigator.clipboard === 'undefined') throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    field.focus();
    field.select();
    return 'selected';
  }
}
