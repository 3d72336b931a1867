export const CONFIG = Symbol('Config');
export const LOGGER = Symbol('Logger');
