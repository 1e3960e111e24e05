import type { StateCreator } from 'zustand';
import { isAreaId, type AreaId } from './areas';

export type Theme = 'light' | 'dark';

export interface UiSlice {
  area: AreaId;
  theme: Theme;
  setArea(area: AreaId): void;
  /** Show a theme (saving it is the settings slice's setTheme). */
  applyTheme(theme: Theme): void;
}

// A copy of the saved theme in the page, so the first paint is already in the right colours
// (the host's settings arrive a moment later and win if they differ).
const THEME_KEY = 'sparsescope.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function initialArea(): AreaId {
  const fromHash = location.hash.replace(/^#\/?/, '');
  return isAreaId(fromHash) ? fromHash : 'machine';
}

export const createUiSlice: StateCreator<UiSlice> = (set) => ({
  area: initialArea(),
  theme: initialTheme(),
  setArea: (area) => {
    if (location.hash !== `#/${area}`) history.pushState(null, '', `#/${area}`);
    set({ area });
  },
  applyTheme: (theme) => {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
});
