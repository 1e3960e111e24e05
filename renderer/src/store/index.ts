import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createConfigSlice, type ConfigSlice } from './config-slice';
import { createGraphSlice, type GraphSlice } from './graph-slice';
import { api } from '../api/client';
import { createModelsSlice, type ModelsSlice } from './models-slice';
import { createProfileSlice, type ProfileSlice } from './profile-slice';
import { createReportsSlice, type ReportsSlice } from './reports-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { onDesktopCommand } from '../features/shell/desktop-commands';

/** The one store, composed from typed slices; components read it with narrow selectors. */
export type Store = AppSlice &
  UiSlice &
  SettingsSlice &
  ModelsSlice &
  RunsSlice &
  ConfigSlice &
  ProfileSlice &
  GraphSlice &
  ReportsSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createUiSlice(...a),
  ...createSettingsSlice(...a),
  ...createModelsSlice(...a),
  ...createRunsSlice(...a),
  ...createConfigSlice(...a),
  ...createProfileSlice(...a),
  ...createGraphSlice(...a),
  ...createReportsSlice(...a),
}));

// One subscription for the page's lifetime: host events update the store.
api.onEvent((event) => {
  const state = useStore.getState();
  state.onAppEvent(event);
  state.onRunEvent(event);
  state.onProfileEvent(event);
  onDesktopCommand(event, state);
});
