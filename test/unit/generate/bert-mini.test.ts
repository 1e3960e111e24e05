import { describeBertMatrix } from './bert-matrix';

describeBertMatrix('mini');
