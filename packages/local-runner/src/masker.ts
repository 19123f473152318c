/**
 * Replaces secrets with `***` in everything the local runner prints, as the
 * GitHub runner does: values from the secrets file, and every `::add-mask::`
 * an action registers while it runs.
 */
export class Masker {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    if (!value) return;
    for (const piece of [value, ...value.split(/\r?\n/)]) {
      const trimmed = piece.trim();
      // Very short values would mask ordinary words; the runner skips them too.
      if (trimmed.length >= 3) this.secrets.add(trimmed);
    }
  }

  mask(text: string): string {
    let masked = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      masked = masked.split(secret).join('***');
    }
    return masked;
  }
}
