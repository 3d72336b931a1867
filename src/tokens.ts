export const CONFIG = Symbol('Config');
export const LOGGER = Symbol('Logger');
export const READ_MODEL = Symbol('ReadModel');
