/**
 * The decisions a moderator can make on a queue item, declared once: the queue's rules, the API
 * schemas, the audit index (decisions are counted per day) and the domain events all read this list.
 */
export const DECISION_ACTIONS = ['approve', 'reject', 'escalate', 'request-changes'] as const;

export type DecisionActionName = (typeof DECISION_ACTIONS)[number];

/** Whether an audit action is a decision (claims, releases and expiries are not). */
export const isDecision = (action: string): action is DecisionActionName => (DECISION_ACTIONS as readonly string[]).includes(action);
