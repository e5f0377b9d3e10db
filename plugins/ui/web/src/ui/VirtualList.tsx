import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { scrollToReveal, visibleRange } from './window';

export interface Column<T> {
  title: string;
  width: string;
  render(item: T): ComponentChildren;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  columns: Column<T>[];
  label: string;
  testId: string;
  rowKey(item: T): string;
  /** Enter on the active row (the row's own link serves the mouse). */
  onActivate?(item: T): void;
  rowHeight?: number;
  /** CSS height of the scrolling area. */
  height?: string;
  empty?: string;
}

/**
 * A keyboard-navigable grid that renders only the rows in view, so thousands of services or nodes cost a
 * few dozen DOM rows. Arrow keys, Page Up/Down, Home/End move the active row; Enter activates it.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, columns, rowHeight = 34 } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const [active, setActive] = useState(0);
  const idBase = `${props.testId}-row`;

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return undefined;
    setViewportHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (active >= items.length) setActive(Math.max(0, items.length - 1));
  }, [items.length, active]);

  const { start, end } = visibleRange(scrollTop, viewportHeight, rowHeight, items.length);
  const template = columns.map((c) => c.width).join(' ');

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActive(next);
    const el = viewport.current;
    if (!el) return;
    const target = scrollToReveal(next, el.scrollTop, el.clientHeight, rowHeight);
    if (target !== undefined) el.scrollTop = target;
  }

  function onKeyDown(event: KeyboardEvent) {
    const page = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]);
    } else if (event.key === 'Enter' && items[active] && props.onActivate) {
      event.preventDefault();
      props.onActivate(items[active]);
    }
  }

  return (
    <div class="vlist" role="grid" aria-label={props.label} aria-rowcount={items.length + 1} data-testid={props.testId}>
      <div class="vlist-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div role="columnheader" key={c.title}>
            {c.title}
          </div>
        ))}
      </div>
      <div
        class="vlist-body"
        ref={viewport}
        tabIndex={0}
        style={{ height: props.height ?? 'calc(100vh - 260px)' }}
        aria-activedescendant={items.length ? `${idBase}-${active}` : undefined}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
        data-testid={`${props.testId}-scroll`}
      >
        {items.length === 0 ? (
          <p class="muted vlist-empty">{props.empty ?? 'Nothing to show.'}</p>
        ) : (
          <div style={{ height: `${items.length * rowHeight}px`, position: 'relative' }}>
            {items.slice(start, end).map((item, offset) => {
              const index = start + offset;
              return (
                <div
                  key={props.rowKey(item)}
                  id={`${idBase}-${index}`}
                  role="row"
                  aria-rowindex={index + 2}
                  aria-selected={index === active}
                  class={index === active ? 'vlist-row active' : 'vlist-row'}
                  style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px`, gridTemplateColumns: template }}
                  onClick={() => setActive(index)}
                  data-testid={`${props.testId}-item`}
                >
                  {columns.map((c) => (
                    <div role="gridcell" key={c.title}>
                      {c.render(item)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
