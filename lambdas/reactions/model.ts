/** The reactions a member can give a post; each post keeps one counter per reaction. */
export const REACTIONS = ['like', 'love', 'helpful', 'insightful', 'funny'] as const;
