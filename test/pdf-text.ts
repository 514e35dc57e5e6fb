/** Reads a PDF back as text with pdfjs-dist (items joined, whitespace collapsed), as a reader's viewer would show it. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(pdf: Buffer | Uint8Array): Promise<{ pages: number; text: string; title: string | undefined }> {
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false });
  const doc = await task.promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('') + '\n';
  }
  const title = ((await doc.getMetadata()).info as { Title?: string }).Title;
  const pages = doc.numPages;
  await task.destroy();
  return { pages, text: text.replace(/\s+/g, ' '), title };
}
