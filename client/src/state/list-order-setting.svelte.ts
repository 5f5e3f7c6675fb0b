import { formatListOrder, parseListOrder, type ListOrder } from './list-order.js';

/**
 * The list's order, read from the address and kept in it beside the view settings
 * (view-settings.svelte.ts), so a shared link lists in the same order.
 */
export class ListOrderSetting {
  order = $state<ListOrder>(parseListOrder(location.search));

  /** Call while a component initialises: it stops with the component. */
  syncToAddress(): void {
    $effect(() => {
      const search = formatListOrder(this.order, location.search);
      if (search === location.search) return;
      history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    });
  }
}
