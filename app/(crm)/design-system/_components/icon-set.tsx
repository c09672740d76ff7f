import {
  Activity,
  ArrowDown,
  ArrowDownUp,
  ArrowUp,
  ArrowUpDown,
  Building2,
  CalendarDays,
  Check,
  ChevronDown,
  CircleAlert,
  CircleCheck,
  CircleUserRound,
  CloudAlert,
  CloudCheck,
  CloudOff,
  Copy,
  Download,
  Ellipsis,
  HandCoins,
  Handshake,
  Info,
  KanbanSquare,
  KeyRound,
  ListChecks,
  ListTodo,
  LoaderCircle,
  Mail,
  MapPin,
  Minus,
  Phone,
  PhoneIncoming,
  Plus,
  RefreshCw,
  ScrollText,
  SearchX,
  Settings,
  ShieldUser,
  SlidersHorizontal,
  StickyNote,
  TriangleAlert,
  UserCog,
  Users,
  Webhook,
  Workflow,
  type LucideIcon,
} from 'lucide-react';
import { appIcons, type AppIconName } from '@/lib/design/icon-inventory';
import { icons } from '@/lib/design/tokens';

// Typed by the inventory: an icon added there must be added here, or the build fails.
const ICONS: Record<AppIconName, LucideIcon> = {
  Activity,
  ArrowDown,
  ArrowDownUp,
  ArrowUp,
  ArrowUpDown,
  Building2,
  CalendarDays,
  Check,
  ChevronDown,
  CircleAlert,
  CircleCheck,
  CircleUserRound,
  CloudAlert,
  CloudCheck,
  CloudOff,
  Copy,
  Download,
  Ellipsis,
  HandCoins,
  Handshake,
  Info,
  KanbanSquare,
  KeyRound,
  ListChecks,
  ListTodo,
  LoaderCircle,
  Mail,
  MapPin,
  Minus,
  Phone,
  PhoneIncoming,
  Plus,
  RefreshCw,
  ScrollText,
  SearchX,
  Settings,
  ShieldUser,
  SlidersHorizontal,
  StickyNote,
  TriangleAlert,
  UserCog,
  Users,
  Webhook,
  Workflow,
};

const SIZE_CLASS: Record<keyof typeof icons.sizes, string> = { sm: 'size-icon-sm', md: 'size-icon', lg: 'size-icon-lg' };
const SIZE_USE: Record<keyof typeof icons.sizes, string> = {
  sm: 'Inside a small control: a tick, a sort arrow',
  md: 'Beside a button’s or a notification’s label',
  lg: 'Navigation and empty states',
};

/** Every icon the app draws (lib/design/icon-inventory.ts), at the standard sizes. */
export function IconSet() {
  return (
    <section aria-labelledby="icons-heading" className="flex flex-col gap-4">
      <h2 id="icons-heading" className="text-title">
        Icons
      </h2>
      <p>
        One set, {icons.library}, drawn in the colour of the text beside it, so it shares that text’s 7:1 contrast. An icon is never the
        only name of a control: it sits beside a visible label (or a control with an accessible name) and is hidden from screen readers.
        Only the icons imported are shipped to the phone.
      </p>
      <h3 className="text-title-sm">Sizes</h3>
      <ul className="flex flex-col gap-2">
        {(Object.keys(icons.sizes) as (keyof typeof icons.sizes)[]).map((size) => (
          <li key={size} className="flex items-center gap-3">
            <span className="flex size-8 shrink-0 items-center justify-center">
              <Check aria-hidden="true" className={SIZE_CLASS[size]} strokeWidth={icons.strokeWidth} />
            </span>
            <span>
              <code>{SIZE_CLASS[size]}</code>, {icons.sizes[size]} pixels: {SIZE_USE[size]}
            </span>
          </li>
        ))}
      </ul>
      <h3 className="text-title-sm">Every icon in use ({Object.keys(appIcons).length})</h3>
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {(Object.entries(appIcons) as [AppIconName, string][]).map(([name, meaning]) => {
          const Icon = ICONS[name];
          return (
            <li key={name} className="flex items-center gap-3 rounded-lg border border-line bg-raised px-3 py-2">
              <Icon aria-hidden="true" className="size-icon-lg shrink-0" strokeWidth={icons.strokeWidth} />
              <span className="flex min-w-0 flex-col">
                <code className="break-all">{name}</code>
                <span className="text-body-sm text-muted">{meaning}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
