declare const __RMQX_VERSION__: string | undefined;

/** Set by the build from package.json; '0.0.0-dev' when running from source. */
export const VERSION: string = typeof __RMQX_VERSION__ === 'string' ? __RMQX_VERSION__ : '0.0.0-dev';
