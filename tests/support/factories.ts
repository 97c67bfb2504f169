/**
 * Test data through factories with traits (STYLE.md): `makeOrganization(db, { owner, validated: true })`,
 * `makeNeed(db, { org, hours: 21, slots: WEEK_A })`, `makeProposal(db, lines)`,
 * `makeAcceptedComposition(db)`, `makeMatchmakingSession(db, { organizations })`. One import for all;
 * each kind lives in tests/support/factories/.
 */
export {
  makeAcceptedComposition,
  makeMember,
  makeProposal,
  WEEK_A,
  WEEK_B,
} from './factories/compositions';
export { makeNeed, type NeedTraits } from './factories/needs';
export { makeOrganization, makePerson, makeSiret, TEST_PASSWORD } from './factories/people';
export { makeMatchmakingSession, SESSION_DAY, type SessionTraits } from './factories/sessions';
export { TOWNS, type Town } from './factories/towns';
