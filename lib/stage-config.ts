/**
 * The deployment stage's settings, validated once. Only the CDK app (bin/chorus.ts) reads them from
 * context; stacks and constructs receive a parsed `StageConfig`.
 */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageConfig {
  readonly stage: Stage;
  /** Browser origins allowed by CORS, e.g. https://community.example.com. */
  readonly corsOrigins: readonly string[];
  /** Value of the CostCenter tag on every resource. */
  readonly costCenter: string;
  /** Address e-mailed by the alarm topic, if any. */
  readonly alarmEmail?: string;
}

/** Raw context values, as `cdk -c key=value` or cdk.json deliver them. */
export interface StageContext {
  readonly stage?: unknown;
  readonly corsOrigins?: unknown;
  readonly costCenter?: unknown;
  readonly alarmEmail?: unknown;
}

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
}

const isLocalhost = (url: URL) => url.hostname === 'localhost' || url.hostname === '127.0.0.1';

function parseOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StageConfigError(`corsOrigins must be origins like https://community.example.com, got "${raw}"`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalhost(url));
  if (!secure) throw new StageConfigError(`corsOrigins must use https (http only for localhost), got "${raw}"`);
  if (url.origin !== raw.replace(/\/$/, '')) {
    throw new StageConfigError(`corsOrigins must be bare origins (scheme, host, port; no path or query), got "${raw}"`);
  }
  return url.origin;
}

/** Validates the context of one deployment; throws a `StageConfigError` naming what was wrong. */
export function parseStageConfig(context: StageContext): StageConfig {
  const { stage, corsOrigins, costCenter, alarmEmail } = context;

  if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage)) {
    throw new StageConfigError(`stage must be one of ${STAGES.join(', ')} (cdk -c stage=dev), got ${JSON.stringify(stage)}`);
  }

  const originList = Array.isArray(corsOrigins) ? corsOrigins.map(String) : typeof corsOrigins === 'string' ? corsOrigins.split(',') : [];
  const origins = originList.map((o) => o.trim()).filter((o) => o.length > 0);
  if (origins.length === 0) {
    throw new StageConfigError(`corsOrigins must list at least one origin (cdk -c corsOrigins=https://a.example,https://b.example), got ${JSON.stringify(corsOrigins)}`);
  }

  if (typeof costCenter !== 'string' || !/^[\w.:/=+@ -]{1,256}$/.test(costCenter.trim()) || costCenter.trim() === '') {
    throw new StageConfigError(`costCenter must be a non-empty tag value of up to 256 letters, digits, spaces or _.:/=+-@ (cdk -c costCenter=CC-1234), got ${JSON.stringify(costCenter)}`);
  }

  let email: string | undefined;
  if (alarmEmail !== undefined && alarmEmail !== '') {
    if (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
      throw new StageConfigError(`alarmEmail must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);
    }
    email = alarmEmail;
  }

  return {
    stage: stage as Stage,
    corsOrigins: [...new Set(origins.map(parseOrigin))],
    costCenter: costCenter.trim(),
    ...(email ? { alarmEmail: email } : {}),
  };
}
