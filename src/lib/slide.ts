/** The design size of a slide (app.css .slide): the deck and side by side are drawn at it and scaled as a whole. */
export const SLIDE = { width: 1920, height: 1080 } as const;

/**
 * The scale that fits a slide into a window of this size, letterboxed.
 * @example slideScale(1280, 720) // 0.666…
 */
export const slideScale = (width: number, height: number): number => Math.min(width / SLIDE.width, height / SLIDE.height);
