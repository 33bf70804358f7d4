import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimSingleInstance } from '../../../main/electron/single-instance.ts';
import { FakeBrowserWindow, FakeEmitter } from '../../fixtures/electron/fake-electron.ts';

class FakeApp extends FakeEmitter {
  quits = 0;
  readonly lock: boolean;
  constructor(lock: boolean) {
    super();
    this.lock = lock;
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quits += 1;
  }
}

describe('single instance', () => {
  it('the first instance keeps running and a second start focuses its window', () => {
    const app = new FakeApp(true);
    const window = new FakeBrowserWindow({});
    window.minimized = true;
    assert.equal(claimSingleInstance(app, () => window), true);
    assert.equal(app.quits, 0);
    app.emit('second-instance');
    assert.equal(window.restored, 1);
    assert.equal(window.focused, 1);
    assert.equal(window.shown, 1);
  });

  it('a second instance quits', () => {
    const app = new FakeApp(false);
    assert.equal(claimSingleInstance(app, () => null), false);
    assert.equal(app.quits, 1);
    assert.equal(app.count('second-instance'), 0);
  });

  it('ignores a second start before the window exists', () => {
    const app = new FakeApp(true);
    claimSingleInstance(app, () => null);
    assert.doesNotThrow(() => app.emit('second-instance'));
  });
});
