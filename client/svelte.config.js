import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  // Svelte 5 reads TypeScript in <script lang="ts"> itself; this preprocesses <style> through Vite.
  preprocess: vitePreprocess(),
};
