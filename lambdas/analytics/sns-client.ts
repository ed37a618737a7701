/** The SNS client of a container (the stream publisher's), created once; its endpoint comes from the SDK's own AWS_ENDPOINT_URL_SNS. */
import { SNSClient } from '@aws-sdk/client-sns';

export const snsClient = new SNSClient({});
