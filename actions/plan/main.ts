import { runAction } from '@deploy-kit/action-kit';
import { run } from './run';

void runAction(run);
