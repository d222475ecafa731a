// A small element builder. Text always goes in through textContent, never innerHTML: response data
// (headers, bodies, URLs) is server-controlled and must never become markup in the panel.

type Child = Node | string | false | null | undefined;

export interface ElementOptions {
  class?: string;
  text?: string;
  title?: string;
  testId?: string;
  attrs?: Record<string, string>;
  data?: Record<string, string>;
  onClick?: (event: MouseEvent) => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title) node.title = options.title;
  if (options.testId) node.dataset.testid = options.testId;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const [name, value] of Object.entries(options.data ?? {})) node.dataset[name] = value;
  if (options.onClick) node.addEventListener('click', options.onClick as EventListener);
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    node.append(child);
  }
  return node;
}

/** A codicon glyph (font loaded from @vscode/codicons). */
export function icon(name: string, extraClass = ''): HTMLElement {
  return el('span', {
    class: `codicon codicon-${name} ${extraClass}`.trim(),
    attrs: { 'aria-hidden': 'true' },
  });
}

export function button(
  label: string,
  iconName: string,
  onClick: () => void,
  options: { primary?: boolean; title?: string; testId?: string } = {},
): HTMLButtonElement {
  return el(
    'button',
    {
      class: options.primary ? 'button primary' : 'button secondary',
      title: options.title ?? label,
      testId: options.testId,
      onClick: () => onClick(),
    },
    [icon(iconName), el('span', { text: label })],
  );
}

export function iconButton(
  iconName: string,
  title: string,
  onClick: () => void,
  testId?: string,
): HTMLButtonElement {
  return el(
    'button',
    { class: 'icon-button', title, testId, attrs: { 'aria-label': title }, onClick: () => onClick() },
    [icon(iconName)],
  );
}

export function clear(node: Element): void {
  node.replaceChildren();
}
