import { lintGroup } from './lint.js';

lintGroup(3);
