import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_CHANNEL } from '../../../main/electron/channels.ts';
import { forwardPushes } from '../../../main/electron/push-forwarding.ts';
import { PushBus } from '../../../shared/api/push-bus.ts';
import { FakeWebContents } from '../../fixtures/electron/fake-electron.ts';

describe('event forwarding', () => {
  it('sends every event to the app windows on the event channel, skipping destroyed ones', () => {
    const bus = new PushBus();
    const live = new FakeWebContents();
    const gone = new FakeWebContents();
    gone.destroyed = true;
    const stop = forwardPushes(bus, () => [live, gone]);
    bus.emit('cameras.changed', { cameras: [] });
    bus.emit('app.command', { command: { kind: 'add-camera' } });
    assert.deepEqual(live.sent, [
      { channel: EVENT_CHANNEL, args: ['cameras.changed', { cameras: [] }] },
      { channel: EVENT_CHANNEL, args: ['app.command', { command: { kind: 'add-camera' } }] },
    ]);
    assert.equal(gone.sent.length, 0);
    stop();
    bus.emit('cameras.changed', { cameras: [] });
    assert.equal(live.sent.length, 2);
  });
});
