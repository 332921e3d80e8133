// The data contract between collectors, rules, session, report and renderer, by idea.
export * from './sockets';
export * from './host';
export * from './alerts';
export * from './batch';
