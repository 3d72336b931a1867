import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ROOT } from '../support/child.js';

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  volumes?: string[];
  healthcheck?: { test: unknown };
}

describe('docker-compose.yml (checked without a Docker engine)', () => {
  const compose = parse(readFileSync(`${ROOT}docker-compose.yml`, 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;

  it('runs the service on its embedded store by default, nothing else', () => {
    const defaults = Object.entries(services)
      .filter(([, s]) => !s.profiles)
      .map(([name]) => name)
      .sort();
    expect(defaults).toEqual(['timeline']);
    const timeline = services.timeline!;
    expect(timeline.build).toBeDefined();
    expect(timeline.environment?.TIMELINE_STORE ?? 'sqlite').toBe('sqlite');
    expect(timeline.environment?.TIMELINE_DATA_DIR).toBe('/data');
    expect(timeline.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
  });

  it('runs KurrentDB only in an opt-in profile, on a pinned version, marked untested', () => {
    const kurrent = Object.entries(services).filter(([, s]) => s.image?.includes('kurrentdb'));
    expect(kurrent.length).toBeGreaterThan(0);
    for (const [, node] of kurrent) {
      expect(node.profiles).toEqual(expect.arrayContaining([expect.stringMatching(/^(kurrentdb|cluster)$/)]));
      expect(node.image).toMatch(/:\d+\.\d+\.\d+$/);
    }
    expect(services.kurrentdb!.profiles).toEqual(['kurrentdb']);
    expect(services.kurrentdb!.environment).toMatchObject({ KURRENTDB_CLUSTER_SIZE: '1', KURRENTDB_INSECURE: 'true' });
    expect(services['timeline-kurrentdb']!.environment).toMatchObject({
      TIMELINE_STORE: 'kurrentdb',
      KURRENTDB_URL: expect.stringContaining('kurrentdb:2113'),
    });
    expect(readFileSync(`${ROOT}docker-compose.yml`, 'utf8')).toMatch(/KurrentDB: +UNTESTED HERE/);
  });

  it('has a cluster profile of three KurrentDB nodes gossiping to each other and two service instances', () => {
    const cluster = Object.entries(services).filter(([, s]) => s.profiles?.includes('cluster'));
    const nodes = cluster.filter(([, s]) => s.image?.includes('kurrentdb'));
    expect(nodes.map(([n]) => n).sort()).toEqual(['node1', 'node2', 'node3']);
    for (const [name, node] of nodes) {
      expect(node.environment?.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const seeds = node.environment?.KURRENTDB_GOSSIP_SEED?.split(',').map((s) => s.split(':')[0]);
      expect(seeds?.sort()).toEqual(['node1', 'node2', 'node3'].filter((n) => n !== name));
    }
    const instances = cluster.filter(([, s]) => s.build);
    expect(instances).toHaveLength(2);
    for (const [, instance] of instances)
      expect(instance.environment?.KURRENTDB_URL).toMatch(/node1:2113,node2:2113,node3:2113/);
  });

  it('has a postgres profile: a PostgreSQL server with a volume and a health check, and two instances sharing its log', () => {
    const profile = Object.entries(services).filter(([, s]) => s.profiles?.includes('postgres'));
    const servers = profile.filter(([, s]) => s.image?.startsWith('postgres:'));
    expect(servers.map(([name]) => name)).toEqual(['postgres']);
    const server = servers[0]![1];
    expect(server.healthcheck).toBeDefined();
    expect(server.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    const { POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: db } = server.environment!;
    const instances = profile.filter(([, s]) => s.build);
    expect(instances).toHaveLength(2);
    for (const [, instance] of instances) {
      expect(instance.environment).toMatchObject({
        TIMELINE_STORE: 'postgres',
        DATABASE_URL: `postgres://${user}:${password}@postgres:5432/${db}`,
        TIMELINE_DATA_DIR: '/data',
      });
      expect(instance.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    }
    const dataVolumes = instances.map(([, s]) => s.volumes?.find((v) => v.endsWith(':/data')));
    expect(new Set(dataVolumes).size).toBe(2);
  });

  it('names only services and volumes that exist', () => {
    for (const service of Object.values(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(services).toHaveProperty(dependency);
      for (const volume of service.volumes ?? []) {
        const name = volume.split(':')[0]!;
        if (!name.startsWith('.') && !name.startsWith('/')) expect(compose.volumes).toHaveProperty(name);
      }
    }
  });

  it('builds a non-root image with a health check from compiled output', () => {
    const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main.js"\]/);
    // Node.js 20 reached its end of life in April 2026; every stage builds and runs on the current LTS.
    const bases = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(bases.length).toBeGreaterThan(0);
    expect(bases.every((major) => major === 26)).toBe(true);
  });
});
