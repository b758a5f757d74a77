/**
 * Vitest's setup for every test file: chapter 2's families of actors are loaded as chunks of
 * their own (src/chapters/future/families.ts), so a test that runs a chapter-2 scene it imported
 * directly waits here until they are registered, as the deck waits for the chapter to load.
 */
import { familiesReady } from '../src/chapters/future/families.ts';

await familiesReady;
