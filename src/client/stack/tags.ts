/** The tags that make a stack's state the server's own: which resources a deploy may update or delete. */
export const STACK_TAG = 'gradual:stack';
export const LOGICAL_ID_TAG = 'gradual:logical-id';
