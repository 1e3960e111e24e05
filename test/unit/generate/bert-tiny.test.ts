import { describeBertMatrix } from './bert-matrix';

describeBertMatrix('tiny');
