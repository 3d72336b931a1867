import type { ReadinessReport } from './readiness.js';

/** The media type of the IETF draft "Health Check Response Format for HTTP APIs". */
export const HEALTH_JSON = 'application/health+json';

type HealthStatus = 'pass' | 'warn' | 'fail';

interface CheckResult {
  componentId?: string;
  componentType: string;
  status: HealthStatus;
  observedValue?: number | string;
  observedUnit?: string;
  output?: string;
  time?: string;
}

export interface HealthResponse {
  status: HealthStatus;
  serviceId: string;
  description: string;
  output?: string;
  checks?: Record<string, CheckResult[]>;
}

const SERVICE = 'timeline';
const STATUS: Record<ReadinessReport['status'], HealthStatus> = {
  ready: 'pass',
  degraded: 'warn',
  unavailable: 'fail',
};
const PART_STATUS: Record<string, HealthStatus> = { ok: 'pass', degraded: 'warn', failed: 'fail' };

/** True when the client asks for the draft's format (`Accept: application/health+json`). */
export function wantsHealthJson(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((entry) => entry.split(';')[0]!.trim().toLowerCase() === HEALTH_JSON);
}

export const liveness = (): HealthResponse => ({
  status: 'pass',
  serviceId: SERVICE,
  description: 'liveness: the process serves requests',
});

/** The readiness report in the draft's shape: `pass`/`warn`/`fail`, one list of results per component. */
export function readinessHealth(report: ReadinessReport): HealthResponse {
  const { store, readModel, parts, damage } = report.checks;
  const checks: Record<string, CheckResult[]> = {
    'eventStore:responses': [
      {
        componentType: 'datastore',
        status: store.status === 'ok' ? 'pass' : 'fail',
        ...(report.head !== null ? { observedValue: report.head, observedUnit: 'position' } : {}),
        ...(store.detail ? { output: store.detail } : {}),
      },
    ],
    'readModel:lag': [
      {
        componentType: 'datastore',
        status: readModel.status === 'ok' ? 'pass' : 'fail',
        observedValue: readModel.lag,
        observedUnit: 'events',
        ...(readModel.fault ? { output: readModel.fault.message, time: readModel.fault.since } : {}),
      },
    ],
  };
  if (parts.length > 0) {
    checks['views:status'] = parts.map((part) => ({
      componentId: part.name,
      componentType: 'component',
      status: PART_STATUS[part.status] ?? 'fail',
      ...(part.detail ? { output: part.detail } : {}),
    }));
  }
  if (damage.length > 0) {
    checks['files:damage'] = damage.map((fault) => ({
      componentType: 'datastore',
      status: 'fail',
      output: `${fault.code}: ${fault.message}`,
      time: fault.at,
    }));
  }
  const failing = Object.values(checks)
    .flat()
    .filter((c) => c.status !== 'pass' && c.output);
  return {
    status: STATUS[report.status],
    serviceId: SERVICE,
    description: 'readiness: whether answers are current',
    ...(failing.length > 0 ? { output: failing.map((c) => c.output).join('; ') } : {}),
    checks,
  };
}
