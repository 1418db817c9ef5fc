import type { ComponentChildren } from 'preact';

/**
 * A listbox of suggestions under a text field that stays focused (the
 * field is the combobox: it points here with aria-controls and at the
 * active option with aria-activedescendant). Mouse picks do not steal focus.
 */
export function Picker<T>({ id, label, items, active, onPick, render, keyOf }: {
  id: string; label: string; items: T[]; active: number;
  onPick: (item: T) => void; render: (item: T) => ComponentChildren; keyOf: (item: T) => string;
}) {
  return (
    <ul id={id} role="listbox" aria-label={label} class="picker" data-testid={id}>
      {items.map((it, i) => (
        <li key={keyOf(it)} id={`${id}-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''}
          onMouseDown={(e) => { e.preventDefault(); onPick(it); }}>
          {render(it)}
        </li>
      ))}
    </ul>
  );
}

/** Moves the active option with the arrow keys; returns whether the key was handled. */
export function pickerKey(e: KeyboardEvent, count: number, active: number, setActive: (i: number) => void, pick: () => void, close: () => void): boolean {
  switch (e.key) {
    case 'ArrowDown': setActive((active + 1) % count); break;
    case 'ArrowUp': setActive((active - 1 + count) % count); break;
    case 'Enter': case 'Tab': if (e.ctrlKey || e.metaKey) return false; pick(); break;
    case 'Escape': close(); e.stopPropagation(); break;
    default: return false;
  }
  e.preventDefault();
  return true;
}
