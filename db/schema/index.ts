/** The whole schema, one file per capability. drizzle-kit generates migrations from it. */
export * from './accounts';
export * from './mail';
export * from './organizations';
export * from './needs';
export * from './offers';
export * from './search';
export * from './compositions';
export * from './posts';
