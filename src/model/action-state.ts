/**
 * The states an action can be in (the column actions.state), in the bottom layer: the storage layer
 * stores them and the query layer filters on them; which state an action is in is decided by the
 * plan vocabulary's rule, src/extract/plan/state.ts (actionState).
 */

/** done: rated complete/blue, or a status word saying so; open: a colour, or any other status word; not_started; unknown: nothing says. */
export const ACTION_STATES = ['done', 'open', 'not_started', 'unknown'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** Where the state was read: the rating (a colour or letter), or the status word of the rating cell. */
export type StateSource = 'rag' | 'status' | null;

/** The rule that decides an action's state from its rating and rating cell (src/extract/plan/state.ts), as the storage layer is given it. */
export type ActionStateRule = (a: { rag: string | null; ragRaw: string | null }) => { state: ActionState; from: StateSource };
