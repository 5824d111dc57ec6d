import { describe, expect, it } from 'vitest';
import type { PythonInterpreter } from './interpreters.js';
import { Launchers } from './launchers.js';
import { Sandbox } from './sandbox.js';

const PYTHON: PythonInterpreter = {
  executable: '/usr/bin/python3.11',
  prefix: undefined,
  version: '3.11.2',
  sdkPath: undefined,
  hasSdk: true,
};
const input = { runtime: 'python3.11', taskRoot: '/var/task', memorySize: 128, memoryEnforced: true };

describe('Launchers', () => {
  it('finds a Python interpreter once, asynchronously, for the starts that ask at the same time', async () => {
    let looks = 0;
    let answer: (p: PythonInterpreter) => void = () => undefined;
    const launchers = new Launchers(Sandbox.detect('process'), undefined, () => {
      looks += 1;
      return new Promise((resolve) => (answer = resolve));
    });
    expect(() => launchers.launch(input)).toThrow(/not prepared/);
    const both = Promise.all([launchers.prepare('python3.11'), launchers.prepare('python3.11')]);
    answer(PYTHON);
    await both;
    await launchers.prepare('python3.11');
    expect(looks).toBe(1);
    expect(launchers.launch(input).command[0]).toBe('/usr/bin/python3.11');
  });

  it('says when there is no Python, and looks again at the next start', async () => {
    let found: PythonInterpreter | undefined = undefined; // no Python at first
    const launchers = new Launchers(Sandbox.detect('process'), undefined, () => Promise.resolve(found));
    await expect(launchers.prepare('python3.11')).rejects.toThrow(
      'no python3 on this machine to run python3.11',
    );
    found = PYTHON;
    await launchers.prepare('python3.11');
    expect(launchers.launch(input).interpreter).toBe('Python 3.11.2 (/usr/bin/python3.11)');
  });

  it('needs nothing found for Node.js', async () => {
    const launchers = new Launchers(Sandbox.detect('process'), undefined, () =>
      Promise.reject(new Error('no')),
    );
    await launchers.prepare('nodejs22.x');
    expect(launchers.launch({ ...input, runtime: 'nodejs22.x' }).interpreter).toMatch(/^Node\.js /);
  });
});
