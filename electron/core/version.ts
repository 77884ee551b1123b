import pkg from '../../package.json';

export const APP_NAME = 'Manifest Lens';
export const APP_VERSION: string = pkg.version;
