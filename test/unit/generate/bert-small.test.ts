import { describeBertMatrix } from './bert-matrix';

describeBertMatrix('small');
