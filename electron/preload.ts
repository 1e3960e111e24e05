import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

// The renderer sees exactly the WorkbenchApi as window.sparsescope, and nothing of Electron.
contextBridge.exposeInMainWorld('sparsescope', createPreloadApi(ipcRenderer));
