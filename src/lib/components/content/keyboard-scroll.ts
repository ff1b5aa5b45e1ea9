/**
 * WCAG 2.1.1 (Keyboard): content that scrolls must be scrollable without a mouse, so a `<pre>`
 * whose text overflows its capped height becomes a tab stop — and only while it overflows, so
 * short blocks do not add stops to the tab order. A Svelte attachment: `<pre {@attach
 * keyboardScrollable}>`. The check runs from a ResizeObserver, after layout, never forcing one.
 */
export function keyboardScrollable(node: HTMLElement): () => void {
	const update = () => {
		const overflows =
			node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
		if (overflows) node.tabIndex = 0;
		else node.removeAttribute('tabindex');
	};
	const observer = new ResizeObserver(update);
	observer.observe(node);
	return () => observer.disconnect();
}
