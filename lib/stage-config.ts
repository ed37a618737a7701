/**
 * The deployment stage's settings, validated once. Only the CDK app (bin/chorus.ts) reads them from
 * context; stacks and constructs receive a parsed `StageConfig`.
 */
import { RemovalPolicy } from 'aws-cdk-lib';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** What a stage's tables do when they leave the stack (ChorusTableProps). */
export interface TableProtection {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/**
 * Per stage, what becomes of the tables when the stack lets go of them: production keeps members'
 * content and refuses deletion; a dev stack holds test data and may be torn down with its tables.
 */
export const TABLE_PROTECTION: Readonly<Record<Stage, TableProtection>> = {
  prod: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true },
  dev: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false },
};

export interface StageConfig {
  readonly stage: Stage;
  /** Browser origins allowed by CORS, e.g. https://community.example.com. */
  readonly corsOrigins: readonly string[];
  /** Value of the CostCenter tag on every resource. */
  readonly costCenter: string;
  /** Address e-mailed by the alarm topic, if any. */
  readonly alarmEmail?: string;
  /** The monthly AWS Budgets cost budget of the project's resources, USD. Default 100. */
  readonly monthlyBudgetUsd: number;
  /** Percent of the budget at which actual spend alerts. Default [80, 100]. */
  readonly budgetActualThresholds: readonly number[];
  /** Percent of the budget at which forecast spend alerts. Default [100]. */
  readonly budgetForecastThresholds: readonly number[];
  /** Addresses e-mailed budget alerts. Default none. */
  readonly budgetEmails: readonly string[];
}

/** Raw context values, as `cdk -c key=value` or cdk.json deliver them. */
export interface StageContext {
  readonly stage?: unknown;
  readonly corsOrigins?: unknown;
  readonly costCenter?: unknown;
  readonly alarmEmail?: unknown;
  readonly monthlyBudgetUsd?: unknown;
  readonly budgetActualThresholds?: unknown;
  readonly budgetForecastThresholds?: unknown;
  readonly budgetEmails?: unknown;
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
  const budget = parseBudget(context);

  if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage)) {
    throw new StageConfigError(`stage must be one of ${STAGES.join(', ')} (cdk -c stage=dev), got ${JSON.stringify(stage)}`);
  }

  const originList = Array.isArray(corsOrigins) ? corsOrigins.map(String) : typeof corsOrigins === 'string' ? corsOrigins.split(',') : [];
  const origins = originList.map((o) => o.trim()).filter((o) => o.length > 0);
  if (origins.length === 0) {
    throw new StageConfigError(
      `corsOrigins must list at least one origin (cdk -c corsOrigins=https://a.example,https://b.example), got ${JSON.stringify(corsOrigins)}`,
    );
  }

  if (typeof costCenter !== 'string' || !/^[\w.:/=+@ -]{1,256}$/.test(costCenter.trim()) || costCenter.trim() === '') {
    throw new StageConfigError(
      `costCenter must be a non-empty tag value of up to 256 letters, digits, spaces or _.:/=+-@ (cdk -c costCenter=CC-1234), got ${JSON.stringify(costCenter)}`,
    );
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
    ...budget,
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const listOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' || typeof value === 'number' ? String(value).split(',') : [])
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

function percentages(name: string, value: unknown, fallback: number[]): number[] {
  if (value === undefined || value === '') return fallback;
  const list = listOf(value).map(Number);
  if (list.length === 0 || list.some((p) => !(p > 0 && p <= 1000))) {
    throw new StageConfigError(`${name} must be percentages of the budget above 0 (cdk -c ${name}=80,100), got ${JSON.stringify(value)}`);
  }
  return list;
}

function parseBudget(context: StageContext): Pick<StageConfig, 'monthlyBudgetUsd' | 'budgetActualThresholds' | 'budgetForecastThresholds' | 'budgetEmails'> {
  const raw = context.monthlyBudgetUsd;
  const amount = raw === undefined || raw === '' ? 100 : Number(raw);
  if (!(Number.isFinite(amount) && amount > 0))
    throw new StageConfigError(`monthlyBudgetUsd must be US dollars above 0 (cdk -c monthlyBudgetUsd=250), got ${JSON.stringify(raw)}`);
  const emails = listOf(context.budgetEmails);
  const bad = emails.find((e) => !EMAIL.test(e));
  if (bad) throw new StageConfigError(`budgetEmails must be e-mail addresses, comma-separated, got ${JSON.stringify(bad)}`);
  return {
    monthlyBudgetUsd: amount,
    budgetActualThresholds: percentages('budgetActualThresholds', context.budgetActualThresholds, [80, 100]),
    budgetForecastThresholds: percentages('budgetForecastThresholds', context.budgetForecastThresholds, [100]),
    budgetEmails: emails,
  };
}
