import type { StateCreator } from 'zustand';
import type {
  ApiErrorData,
  GenerateModelRequest,
  ModelEntry,
  VariantRequest,
} from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';

export interface ModelsSlice {
  models: ModelEntry[];
  modelsLoaded: boolean;
  selectedModelId: string | null;
  /** What the host is doing for the models area right now (from progress events). */
  modelsBusy: string | null;
  modelsError: ApiErrorData | null;
  loadModels(): Promise<void>;
  openModel(path: string): Promise<void>;
  generateModel(request: GenerateModelRequest): Promise<void>;
  createVariant(parentId: string, request: VariantRequest): Promise<void>;
  selectModel(id: string | null): void;
}

export const createModelsSlice: StateCreator<ModelsSlice> = (set, get) => {
  /** Run one host call with busy/error bookkeeping, then refresh the list. */
  const withBusy = async (message: string, work: () => Promise<ModelEntry>) => {
    set({ modelsBusy: message, modelsError: null });
    const off = api.onEvent((e) => {
      if (e.type === 'progress') set({ modelsBusy: e.message });
    });
    try {
      const entry = await work();
      await get().loadModels();
      set({ selectedModelId: entry.id });
    } catch (err) {
      set({ modelsError: describeError(err) });
    } finally {
      off();
      set({ modelsBusy: null });
    }
  };
  return {
    models: [],
    modelsLoaded: false,
    selectedModelId: null,
    modelsBusy: null,
    modelsError: null,
    loadModels: async () => {
      try {
        set({ models: await api.listModels(), modelsLoaded: true });
      } catch (err) {
        set({ modelsError: describeError(err), modelsLoaded: true });
      }
    },
    openModel: (path) => withBusy(`Opening ${path}`, () => api.openModel(path)),
    generateModel: (request) =>
      withBusy(`Generating bert-${request.preset}`, () => api.generateModel(request)),
    createVariant: (parentId, request) =>
      withBusy(request.kind === 'prune' ? 'Pruning' : 'Quantising', () =>
        api.createVariant(parentId, request),
      ),
    selectModel: (id) => set({ selectedModelId: id }),
  };
};
