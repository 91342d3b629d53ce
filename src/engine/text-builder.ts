/** Builds answer text piece by piece, keeping annotation offsets right as pieces are appended. */
import type { Annotation } from '../canonical/items';

export class TextBuilder {
  private text = '';
  private readonly annotations: Annotation[] = [];

  append(piece: string): this {
    this.text += piece;
    return this;
  }

  /** Appends a markdown link `[label](url)` with a url_citation spanning it. */
  citeUrl(label: string, url: string, title: string): this {
    const start = this.text.length;
    this.text += `[${label}](${url})`;
    this.annotations.push({ type: 'url_citation', url, title, start_index: start, end_index: this.text.length });
    return this;
  }

  /** A file_citation at the current position (the end of the cited sentence). */
  citeFile(fileId: string, filename: string): this {
    this.annotations.push({ type: 'file_citation', file_id: fileId, filename, index: this.text.length });
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  build(): { text: string; annotations: Annotation[] } {
    return { text: this.text, annotations: [...this.annotations] };
  }
}
