/**
 * Chapter 2, a message from the future (seed 002): durable scheduling, delayed delivery and
 * sagas, as the registry loads it. Importing it registers the chapter's families of actors.
 */
import type { Chapter } from '../chapter.ts';
import { course } from './course.ts';
import './families.ts';
import { scenes } from './scenes.ts';

export const chapter: Chapter = {
  id: 'future',
  scenes,
  course,
};
