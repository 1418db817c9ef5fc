// Search results: the highlight split into plain and matched parts (so
// that it is rendered as text, never as HTML).

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#34;': '"' };

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#34);/g, (m) => entities[m] ?? m);
}

/** "a <em>b</em> c" → [{text:'a '}, {text:'b', match:true}, {text:' c'}]. */
export function highlightParts(h: string): { text: string; match: boolean }[] {
  const out: { text: string; match: boolean }[] = [];
  let match = false;
  for (const piece of h.split(/(<\/?em>)/)) {
    if (piece === '<em>') match = true;
    else if (piece === '</em>') match = false;
    else if (piece) out.push({ text: unescape(piece), match });
  }
  return out;
}

/** Shorter queries are not sent while typing (too many matches to be useful). */
export const MIN_QUERY = 2;
