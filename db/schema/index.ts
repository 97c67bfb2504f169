/** The whole schema, one file per capability. drizzle-kit generates migrations from it. */
export * from './accounts';
export * from './compositions';
export * from './events';
export * from './imports';
export * from './mail';
export * from './matchmaking';
export * from './meetings';
export * from './messages';
export * from './needs';
export * from './notifications';
export * from './offers';
export * from './organizations';
export * from './platform';
export * from './posts';
export * from './search';
