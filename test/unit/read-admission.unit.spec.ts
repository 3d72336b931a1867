import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadAdmission } from '../../src/http/read-admission.js';

const request = (url: string, method = 'GET') => ({ method, raw: { url } }) as unknown as FastifyRequest;
const reply = () => {
  const raw = new EventEmitter();
  return { raw, reply: { raw } as unknown as FastifyReply };
};
/** Settles to 'admitted', 'refused <status> <code>' or stays 'waiting' after the pending turns ran. */
const state = async (entered: Promise<void>) => {
  let result = 'waiting';
  entered.then(
    () => {
      result = 'admitted';
    },
    (problem: { status: number; code: string }) => {
      result = `refused ${problem.status} ${problem.code}`;
    },
  );
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  return result;
};

describe('heavy reads are admitted a few at a time', () => {
  it('lets cheap routes through, queues heavy reads beyond the limit, and refuses beyond the queue', async () => {
    const admission = new ReadAdmission(1, 1);
    const first = reply();
    expect(await state(admission.hook(request('/timeline?q=nothing'), first.reply))).toBe('admitted');
    const second = reply();
    const queued = admission.hook(request('/state/facilities?asOf=2025-01-01'), second.reply);
    expect(await state(queued)).toBe('waiting');
    expect(await state(admission.hook(request('/feed.atom?q=x'), reply().reply))).toBe('refused 503 BUSY');
    for (const cheap of ['/health', '/health/ready', '/metrics', '/catalogue', '/feed', '/state/facilities/watch'])
      expect(await state(admission.hook(request(cheap), reply().reply))).toBe('admitted');
    expect(await state(admission.hook(request('/timeline', 'POST'), reply().reply))).toBe('admitted');
    first.raw.emit('finish');
    first.raw.emit('close');
    expect(await state(queued)).toBe('admitted');
  });

  it('gives the turn of a client that left while queued to the next', async () => {
    const admission = new ReadAdmission(1, 5);
    const running = reply();
    await admission.hook(request('/timeline'), running.reply);
    const leaving = reply();
    const left = admission.hook(request('/expectations'), leaving.reply);
    const staying = reply();
    const stays = admission.hook(request('/replay?subject=org:byd'), staying.reply);
    leaving.raw.emit('close');
    running.raw.emit('close');
    await state(left);
    expect(await state(stays)).toBe('admitted');
    staying.raw.emit('close');
    expect(await state(admission.hook(request('/entities/org:byd'), reply().reply))).toBe('admitted');
  });
});
