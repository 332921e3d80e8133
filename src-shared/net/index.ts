// IP addresses, CIDR ranges, address classes, HOME_NET and MAC spelling (one home for each), by idea.
export * from './ip';
export * from './cidr';
export * from './classify';
export * from './home-net';
export * from './mac';
export * from './addresses-in-text';
