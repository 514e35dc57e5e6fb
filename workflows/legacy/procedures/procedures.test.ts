import { describe, expect, it } from 'vitest';
import * as workflows from '../../index';
import { workflowTypeFor } from '../procedure-definition';
import birth from './birth-registration-liaison';
import business from './business-registration';
import certified from './certified-copy';
import construction from './construction-permit';
import land from './land-registration';

describe('legacy procedure workflow types (dossiers received before versioned procedures)', () => {
  it('stay registered so their histories replay', () => {
    for (const p of [birth, business, certified, construction, land]) {
      expect(typeof (workflows as Record<string, unknown>)[workflowTypeFor(p.code)], p.code).toBe('function');
    }
    expect(Object.keys(workflows).sort()).toEqual(['auditAnchor', 'dossier', ...[birth, business, certified, construction, land].map((p) => workflowTypeFor(p.code))].sort());
  });
});
