/** The console's pages, in nav order, with their hash routes (hash routing: the server needs no SPA fallback). */
export const PAGES = [
  { id: 'overview', title: 'Overview', hash: '#/' },
  { id: 'backends', title: 'Backends', hash: '#/backends' },
  { id: 'routes', title: 'Live routes', hash: '#/routes' },
  { id: 'usage', title: 'Usage', hash: '#/usage' },
  { id: 'keys', title: 'Keys', hash: '#/keys' },
  { id: 'playground', title: 'Playground', hash: '#/playground' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

/** The page a location hash names; the overview for an empty or unknown one (query strings ignored). */
export function pageOfHash(hash: string): PageId {
  const path = hash.replace(/^#/, '').split('?')[0].replace(/\/+$/, '') || '/';
  return PAGES.find((page) => page.hash.slice(1) === path || page.hash.slice(1) === `${path}/`)?.id ?? 'overview';
}
