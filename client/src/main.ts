import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { i18n } from './i18n/i18n.svelte.js';
import { isLocale, negotiateLocale } from './i18n/locales.js';

// The language: the link's `lang`, else the one chosen before, else the browser's.
const fromLink = new URLSearchParams(location.search).get('lang');
const chosen = localStorage.getItem('openbeat.locale');
i18n.locale = isLocale(fromLink)
  ? fromLink
  : isLocale(chosen)
    ? chosen
    : negotiateLocale(navigator.languages);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
