import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The application menu: standard roles plus a link to the project docs. */
export function buildMenu(openExternal: (url: string) => void): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'ONNX operator reference',
          click: () => openExternal('https://onnx.ai/onnx/operators/'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
