import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { api } from '../api/client';
import { createModelsSlice, type ModelsSlice } from './models-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The one store, composed from typed slices; components read it with narrow selectors. */
export type Store = AppSlice & UiSlice & ModelsSlice & RunsSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createUiSlice(...a),
  ...createModelsSlice(...a),
  ...createRunsSlice(...a),
}));

// One subscription for the page's lifetime: host events update the store.
api.onEvent((event) => useStore.getState().onRunEvent(event));
