import type { StateCreator } from 'zustand';
import { isAreaId, type AreaId } from './areas';

export type Theme = 'light' | 'dark';

export interface UiSlice {
  area: AreaId;
  theme: Theme;
  setArea(area: AreaId): void;
  setTheme(theme: Theme): void;
}

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
  setTheme: (theme) => {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
});
