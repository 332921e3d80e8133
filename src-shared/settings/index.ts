export * from './bounds';
export * from './messages';
export * from './rules';
export * from './schema';
export * from './suppression';
export * from './catalog';
