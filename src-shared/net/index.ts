// IP addresses, CIDR ranges, address classes and HOME_NET (one home for each), by idea.
export * from './ip';
export * from './cidr';
export * from './classify';
export * from './home-net';
