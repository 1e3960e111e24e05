import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_DROPPED_CHANNEL } from '../core/api/protocol';
import { createPreloadApi } from './preload-api';

// The renderer sees exactly the WorkbenchApi as window.sparsescope, and nothing of Electron.
contextBridge.exposeInMainWorld('sparsescope', createPreloadApi(ipcRenderer));

// The one desktop extra: hand a dropped file to the app. Only a real dropped File has a path
// (webUtils returns '' for anything page script builds), and main checks it again.
contextBridge.exposeInMainWorld('sparsescopeDesktop', {
  dropFile: (file: File): boolean => {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(IPC_DROPPED_CHANNEL, path);
    return path !== '';
  },
});
