import { useEffect, useState } from 'react';
import { type PageId, pageOfHash } from '../data/pages';

/** The page the location hash names, following back/forward and link clicks. */
export function useHashPage(): PageId {
  const [page, setPage] = useState<PageId>(() => pageOfHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setPage(pageOfHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
