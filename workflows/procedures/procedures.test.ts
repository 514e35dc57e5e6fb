import { describe, expect, it } from 'vitest';
import * as workflows from '../index';
import { defineProcedure, ProcedureDefinitionError, workflowTypeFor, workingDays } from '../shared/procedure-definition';
import { procedures } from './index';

describe('procedure definitions', () => {
  it('seeds the five reference procedures, each with its own workflow type', () => {
    expect(procedures.map((p) => p.code).sort()).toEqual(['1.001193', '1.009994', '1.012783', '2.000815', '2.001610']);
    for (const p of procedures) {
      expect(typeof (workflows as Record<string, unknown>)[workflowTypeFor(p.code)], p.code).toBe('function');
    }
    // Every export is a procedure workflow, apart from the audit anchor.
    expect(Object.keys(workflows).filter((k) => k !== 'auditAnchor')).toHaveLength(procedures.length);
  });

  it('refuses step shares that exceed the statutory total, naming the procedure and field', () => {
    const bad = () =>
      defineProcedure({
        code: '9.999999',
        name: 'Thử',
        version: 1,
        rulePack: '2025',
        channels: ['counter'],
        duration: { unit: 'working-days', amount: 2 },
        stages: [
          { steps: [{ id: 'a', name: 'A', department: 'X', shareHours: workingDays(2) }] },
          { steps: [{ id: 'b', name: 'B', department: 'Y', shareHours: 1 }] },
        ],
      });
    expect(bad).toThrow(ProcedureDefinitionError);
    expect(bad).toThrow(/9\.999999[\s\S]*stages: tổng thời gian các bước 17 giờ vượt thời hạn luật định 16 giờ/);
  });

  it('names each bad field', () => {
    try {
      defineProcedure({
        code: '1.23',
        name: '',
        version: 0,
        rulePack: '2025',
        channels: [],
        duration: { unit: 'working-days', amount: 1 },
        stages: [{ steps: [{ id: 'Bad Id', name: 'x', department: 'X', shareHours: 1 }, { id: 'Bad Id', name: 'y', department: 'Y', shareHours: 1 }] }],
      });
      expect.unreachable();
    } catch (err) {
      const msg = (err as Error).message;
      for (const field of ['code', 'name', 'version', 'channels', 'stages.0.steps.0.id']) expect(msg).toContain(`${field}:`);
    }
  });

  it('parallel steps share their stage: the longest counts', () => {
    const def = defineProcedure({
      code: '9.000001',
      name: 'Song song',
      version: 1,
      rulePack: '2018',
      channels: ['online'],
      duration: { unit: 'working-days', amount: 3 },
      stages: [
        { steps: [{ id: 'a', name: 'A', department: 'X', shareHours: workingDays(1) }] },
        { steps: [{ id: 'b', name: 'B', department: 'Y', shareHours: workingDays(2) }, { id: 'c', name: 'C', department: 'Z', shareHours: workingDays(2) }] },
      ],
    });
    expect(def.stages[1].steps.map((s) => s.decisions)).toEqual([['approve'], ['approve']]);
  });
});
