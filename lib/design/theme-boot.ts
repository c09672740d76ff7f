// Shared with the browser: the theme preference key and the tiny pre-paint script.
export const THEME_STORAGE_KEY = 'crm-theme';
/** Sent on window when this tab changes the theme (other tabs hear `storage`). */
export const THEME_CHANGED_EVENT = 'crm-theme-change';

export const themeBootScript = `try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;
