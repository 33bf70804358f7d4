// The wall's playback bar, under the tiles: on a live wall a "Playback" button; in playback the
// controls (live, play/pause, speed both ways, frame steps, jumps, gaps, events, go to a date
// and time, zoom, the export's in and out marks and "Export…") over the timeline of the layout's
// cameras. The playhead's time is written by the animation frame straight into the DOM; Preact
// renders on session states only.
import { useEffect, useRef, useState } from 'preact/hooks';
import { PLAYBACK_RATES, type CamwallApi, type ExportJob } from '../../shared/api/index.ts';
import { useServices } from '../app/use-live.ts';
import { isTyping, useDocumentKeys } from '../shell/keys.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { exportRange, NO_MARKS, setMark, type Marks } from '../export/export-range.ts';
import { GoToDialog } from './GoToDialog.tsx';
import { findEvent, findGap } from './navigate.ts';
import { playbackAction, type PlaybackAction } from './playback-keys.ts';
import type { PlaybackSessionClient } from './session-client.ts';
import { Timeline } from './Timeline.tsx';
import { useTimelineData } from './use-timeline-data.ts';
import type { WallPlayback } from './use-wall-playback.ts';
import { fullLabel, localizeTimes, viewAround, zoomView, type TimeView } from './time-scale.ts';

/** Every speed, reverse then forward: `[` and `]` walk this line. */
const SPEEDS = [...[...PLAYBACK_RATES].reverse().map((r) => -r), ...PLAYBACK_RATES];
const DEFAULT_SPAN_MS = 10 * 60_000;

type Props = {
  api: CamwallApi;
  wall: WallPlayback;
  cameras: Array<{ id: string; name: string }>;
  keyboardActive: boolean;
  /** The wall's selected tile now (U acts on it). */
  selectedTile: () => number;
  /** Wall mode shows the tiles alone: the bar hides, its keys still work. */
  hidden?: boolean;
  /** The export's in and out marks (kept by the page, so a visit to another view keeps them). */
  marks: Marks;
  onMarks: (marks: Marks) => void;
  /** An export was queued from here. */
  onExported: (job: ExportJob) => void;
  onShowExports: () => void;
};

export function PlaybackBar({ api, wall, cameras, keyboardActive, selectedTile, hidden = false, marks, onMarks, onExported, onShowExports }: Props) {
  const { live } = useServices();
  const [goTo, setGoTo] = useState(false);
  const [exporting, setExporting] = useState<{ fromMs: number; toMs: number; chosen: string[] } | null>(null);
  const [queued, setQueued] = useState<ExportJob | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const session = wall.session;

  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => {});
  onKeyRef.current = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || goTo || exporting || isTyping(event.target)) return;
    // The selected tile's own clock, when it is out of sync; the wall's otherwise.
    const index = selectedTile();
    const target = (wall.tileMode(index) === 'own' ? wall.tilePlayback(index)?.client : null) ?? session;
    const action = playbackAction(event.key, target !== null);
    if (!action) return;
    // Space on a focused button presses it; leave that to the button.
    if (action.kind === 'play-pause' && event.key === ' ' && event.target instanceof HTMLButtonElement) return;
    event.preventDefault();
    void run(action, target);
  };
  useDocumentKeys(onKeyRef, keyboardActive);

  const [view, setView] = useState<TimeView>(() => viewAround(Date.now(), DEFAULT_SPAN_MS));
  const [width, setWidth] = useState(800);
  const { timeline, motion } = useTimelineData(api, session ? cameras.map((c) => c.id) : [], view, width);
  // A new session (or a jump far away) brings the playhead into view.
  useEffect(() => {
    if (session) setView((v) => viewAround(session.position(), v.spanMs));
  }, [session]);

  /** Does what a control or key asks, to `target` (the wall's session unless a tile out of sync is meant). */
  const run = async (action: PlaybackAction, target: PlaybackSessionClient | null = session) => {
    setMessage(null);
    if (action.kind === 'toggle-playback') return wall.session ? wall.backToLive() : wall.start();
    if (action.kind === 'go-to') return setGoTo(true);
    if (action.kind === 'export') return openExport(target);
    if (action.kind === 'mark') return target && onMarks(setMark(marks, action.which, target.position()));
    if (action.kind === 'tile-sync') {
      const index = selectedTile();
      const mode = wall.tileMode(index);
      return wall.setTileMode(index, mode === 'own' ? (wall.session ? 'sync' : 'live') : 'own');
    }
    if (action.kind === 'live') return wall.backToLive();
    if (!target) return;
    const session = target;
    switch (action.kind) {
      case 'play-pause':
        return session.pause(!session.state.paused);
      case 'step':
        return session.step(action.frames);
      case 'jump':
        return session.jump(action.ms);
      case 'speed': {
        const i = SPEEDS.indexOf(session.state.speed);
        const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i === -1 ? SPEEDS.indexOf(1) : i) + action.direction))]!;
        return session.setSpeed(next);
      }
      case 'reverse':
        return session.setSpeed(-session.state.speed);
      case 'zoom': {
        const at = wall.session?.position() ?? session.position();
        return setView((v) => zoomView(v, width, action.factor, Math.max(0, Math.min(width, ((at - v.startMs) / v.spanMs) * width))));
      }
      case 'gap':
      case 'event': {
        const ids = session.state.cameras.map((c) => c.cameraId);
        const found = await (action.kind === 'gap' ? findGap : findEvent)(api, ids, session.position(), action.direction);
        if (found.atMs === null) return setMessage(found.what);
        if (action.kind === 'event') setMessage(`${fullLabel(found.atMs)}: ${found.what}`);
        session.seek(found.atMs);
        if (session !== wall.session) return;
        setView((v) => (found.atMs! < v.startMs || found.atMs! > v.startMs + v.spanMs ? viewAround(found.atMs!, v.spanMs) : v));
        return;
      }
    }
  };

  /**
   * The dialog starts from the marks and offers the cameras of the clock the keys drive: the
   * layout's in playback, or the selected tile's alone when it keeps its own clock.
   */
  const openExport = (target: PlaybackSessionClient | null) => {
    const own = target !== null && target !== session;
    const chosen = own ? target.state.cameras.map((c) => c.cameraId) : (session?.state.cameras.map((c) => c.cameraId) ?? cameras.map((c) => c.id));
    setQueued(null);
    setExporting({ ...exportRange(marks, (target ?? session)?.position() ?? Date.now()), chosen });
  };

  const dialog = exporting ? (
    <ExportDialog
      {...exporting}
      cameras={cameras}
      onCancel={() => setExporting(null)}
      onStarted={(job) => {
        setExporting(null);
        setQueued(job);
        onMarks({ inMs: job.fromMs, outMs: job.toMs });
        onExported(job);
      }}
    />
  ) : goTo && (
    <GoToDialog
      initialMs={session?.position() ?? Date.now() - 60_000}
      onCancel={() => setGoTo(false)}
      onGo={(atMs) => {
        setGoTo(false);
        void wall.start(atMs, { paused: true });
        setView((v) => viewAround(atMs, v.spanMs));
      }}
    />
  );

  if (!session) {
    return (
      <>
        <div class={`playback-bar playback-bar-live${hidden ? ' playback-bar-hidden' : ''}`} data-mode="live">
          <button type="button" class="button" title="Play back the recordings of this layout (B)" onClick={() => void wall.start()}>
            ⟲ Playback
          </button>
          <button type="button" class="button ghost" title="Go to a date and time (/)" onClick={() => setGoTo(true)}>
            Go to…
          </button>
          <button type="button" class="button ghost" title="Export a range of recordings (X)" onClick={() => openExport(null)}>
            Export…
          </button>
          {queued && <QueuedNotice job={queued} onShow={onShowExports} />}
          {wall.error && <span class="inline-error" role="alert">{wall.error}</span>}
        </div>
        {dialog}
      </>
    );
  }
  const notice = localizeTimes(message ?? session.error ?? wall.error ?? session.state.notice ?? '');
  return (
    <>
      <section class={`playback-bar${hidden ? ' playback-bar-hidden' : ''}`} data-mode="playback" aria-label="Playback">
        <Controls session={session} run={run} onLive={() => wall.backToLive()} marks={marks} onClearMarks={() => onMarks(NO_MARKS)} />
        <Timeline
          api={api}
          client={session}
          cameras={cameras}
          view={view}
          onView={setView}
          timeline={timeline}
          motion={motion}
          onWidth={setWidth}
          recordingNow={(id) => live.get(id).recording?.state === 'recording'}
          marks={marks}
          onMarks={onMarks}
        />
        {notice && (
          <p class="playback-notice" role="status">
            {notice}
          </p>
        )}
        {queued && <QueuedNotice job={queued} onShow={onShowExports} />}
      </section>
      {dialog}
    </>
  );
}

/** Says an export was queued, with the way to the Exports view. */
function QueuedNotice({ job, onShow }: { job: ExportJob; onShow: () => void }) {
  return (
    <p class="playback-notice export-queued" role="status">
      Export {job.id} ({job.format.toUpperCase()}, {fullLabel(job.fromMs)} → {fullLabel(job.toMs)}) is queued.{' '}
      <button type="button" class="button small" onClick={onShow}>
        Show exports
      </button>
    </p>
  );
}

type ControlsProps = { session: PlaybackSessionClient; run: (action: PlaybackAction) => Promise<unknown>; onLive: () => void; marks: Marks; onClearMarks: () => void };

function Controls({ session, run, onLive, marks, onClearMarks }: ControlsProps) {
  const { paused, speed } = session.state;
  const position = useRef<HTMLSpanElement>(null);
  // The playhead's time, written by the animation frame (no render per frame).
  useEffect(() => {
    let frame = 0;
    let shown = '';
    const tick = () => {
      frame = requestAnimationFrame(tick);
      const at = session.position();
      const text = fullLabel(at);
      if (text !== shown && position.current) {
        shown = text;
        position.current.textContent = text;
        position.current.dataset.positionMs = String(Math.round(at));
      }
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [session]);

  const button = (label: string, title: string, action: PlaybackAction, text: string) => (
    <button type="button" class="icon-button playback-button" aria-label={label} title={title} onClick={() => void run(action)}>
      {text}
    </button>
  );
  return (
    <div class="playback-controls" role="toolbar" aria-label="Playback controls">
      <button type="button" class="button small live-button" title="Back to live (V)" onClick={onLive}>
        ● Live
      </button>
      {button('Previous gap', 'Previous gap (Shift+G)', { kind: 'gap', direction: -1 }, '⇤')}
      {button('Previous event', 'Previous event (Shift+N)', { kind: 'event', direction: -1 }, '⚑◂')}
      {button('Back 1 minute', 'Back 1 min (Shift+A)', { kind: 'jump', ms: -60_000 }, '−1m')}
      {button('Back 10 seconds', 'Back 10 s (A)', { kind: 'jump', ms: -10_000 }, '−10s')}
      {button('One frame back', 'One frame back (<)', { kind: 'step', frames: -1 }, '◂|')}
      <button type="button" class="icon-button playback-button play-button" aria-label={paused ? 'Play' : 'Pause'} title={`${paused ? 'Play' : 'Pause'} (Space, K)`} onClick={() => void run({ kind: 'play-pause' })}>
        {paused ? '▶' : '❚❚'}
      </button>
      {button('One frame forward', 'One frame forward (>)', { kind: 'step', frames: 1 }, '|▸')}
      {button('Forward 10 seconds', 'Forward 10 s (D)', { kind: 'jump', ms: 10_000 }, '+10s')}
      {button('Forward 1 minute', 'Forward 1 min (Shift+D)', { kind: 'jump', ms: 60_000 }, '+1m')}
      {button('Next event', 'Next event (N)', { kind: 'event', direction: 1 }, '▸⚑')}
      {button('Next gap', 'Next gap (G)', { kind: 'gap', direction: 1 }, '⇥')}
      <label class="field-inline speed-field">
        <span>Speed</span>
        <select value={String(speed)} aria-label="Speed ({ slower, } faster, \\ reverse)" onChange={(e) => void session.setSpeed(Number((e.currentTarget as HTMLSelectElement).value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      {button('Reverse', 'Reverse the direction (\\)', { kind: 'reverse' }, '⇄')}
      <span ref={position} class="playback-position mono" data-testid="playback-position" aria-live="off" />
      <span class="playback-state" data-paused={String(paused)}>
        {paused ? 'Paused' : `Playing ${speedLabel(speed)}`}
      </span>
      <span class="toolbar-end">
        <span class="marks-group" role="group" aria-label="Range to export">
          <button type="button" class="button small" title={marks.inMs === null ? 'In mark at the playhead (I)' : `In mark: ${fullLabel(marks.inMs)}; press to move it to the playhead (I)`} onClick={() => void run({ kind: 'mark', which: 'in' })}>
            [ In
          </button>
          <button type="button" class="button small" title={marks.outMs === null ? 'Out mark at the playhead (O)' : `Out mark: ${fullLabel(marks.outMs)}; press to move it to the playhead (O)`} onClick={() => void run({ kind: 'mark', which: 'out' })}>
            Out ]
          </button>
          {(marks.inMs !== null || marks.outMs !== null) && (
            <button type="button" class="icon-button playback-button" aria-label="Clear the marks" title="Clear the in and out marks" onClick={onClearMarks}>
              ×
            </button>
          )}
          <button type="button" class="button small primary" title="Export the marked range (X)" onClick={() => void run({ kind: 'export' })}>
            Export…
          </button>
        </span>
        {button('Zoom out', 'Zoom the timeline out (Shift+Z)', { kind: 'zoom', factor: 2 }, '−')}
        {button('Zoom in', 'Zoom the timeline in (Z)', { kind: 'zoom', factor: 0.5 }, '+')}
        <button type="button" class="button small" title="Go to a date and time (/)" onClick={() => void run({ kind: 'go-to' })}>
          Go to…
        </button>
      </span>
    </div>
  );
}

export function speedLabel(speed: number): string {
  const abs = Math.abs(speed);
  const text = abs < 1 ? `1/${Math.round(1 / abs)}x` : `${abs}x`;
  return speed < 0 ? `−${text}` : text;
}
