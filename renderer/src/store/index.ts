import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The one store, composed from typed slices; components read it with narrow selectors. */
export type Store = AppSlice & UiSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createUiSlice(...a),
}));
