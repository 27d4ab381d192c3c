/** SecCam device SDK: the headless dashcam client, also the reference client for tests. */
export * from './https-client.ts';
export * from './account.ts';
export { printDocument, type TypedQuery } from './print-document.ts';
