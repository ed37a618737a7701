import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per container; Powertools reads its service name and level from the environment. */
export const logger = new Logger({ serviceName: 'chorus' });
