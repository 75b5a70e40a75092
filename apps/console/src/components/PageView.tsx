import type { PageId } from '../data/pages';
import { BackendsPage } from '../pages/BackendsPage';
import { KeysPage } from '../pages/KeysPage';
import { OverviewPage } from '../pages/OverviewPage';
import { PlaygroundPage } from '../pages/PlaygroundPage';
import { RoutesPage } from '../pages/RoutesPage';
import { UsagePage } from '../pages/UsagePage';

export function PageView({ page }: { page: PageId }) {
  switch (page) {
    case 'overview':
      return <OverviewPage />;
    case 'backends':
      return <BackendsPage />;
    case 'routes':
      return <RoutesPage />;
    case 'usage':
      return <UsagePage />;
    case 'keys':
      return <KeysPage />;
    case 'playground':
      return <PlaygroundPage />;
  }
}
