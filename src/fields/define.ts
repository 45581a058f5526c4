// What protocol modules import to define their fields: importing the core fields first keeps
// them in the first record slots whatever module happens to load first.
import './core.js';

export { defineField } from './registry.js';
