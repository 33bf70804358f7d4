// Motion zones drawn on the camera's picture: polygons in fractions of the picture (shared/motion.ts).
// A click on the picture adds a point to the zone being edited (into an edge when the click is on
// its outline; a click with no zone chosen starts an include zone), a drag moves a point, Delete
// or Backspace removes the point last touched. Each zone has a name, include or exclude, and can
// be deleted. The pure rules are motion/zone-edit.ts.
import { useRef, useState } from 'preact/hooks';
import type { MotionZone } from '../../shared/motion.ts';
import { CameraPicture } from '../motion/CameraPicture.tsx';
import { addPoint, addZone, movePoint, pointAt, removePoint, renameZone, toBox, zoneProblems, type PictureRect } from '../motion/zone-edit.ts';

type Props = {
  cameraId: string | null;
  zones: MotionZone[];
  onChange: (zones: MotionZone[]) => void;
  error?: string | undefined;
};

type Drag = { pointerId: number; zone: number; point: number };

export function ZoneEditor({ cameraId, zones, onChange, error }: Props) {
  const [selected, setSelected] = useState<number>(-1);
  const [point, setPoint] = useState<number>(-1);
  const [message, setMessage] = useState<string | null>(null);
  const drag = useRef<Drag | null>(null);
  const problems = zoneProblems(zones);

  if (cameraId === null) return <p class="hint">Save the camera first: zones are drawn on its picture.</p>;

  const replace = (index: number, zone: MotionZone) => onChange(zones.map((z, i) => (i === index ? zone : z)));
  const create = (kind: MotionZone['kind']) => {
    const added = addZone(zones, kind);
    setMessage(added.error);
    if (added.error) return -1;
    onChange(added.zones);
    setSelected(added.zones.length - 1);
    setPoint(-1);
    return added.zones.length - 1;
  };
  const remove = (index: number) => {
    onChange(zones.filter((_, i) => i !== index));
    setSelected(-1);
    setPoint(-1);
  };
  const deletePoint = () => {
    const zone = zones[selected];
    if (!zone || point < 0) return;
    replace(selected, removePoint(zone, point));
    setPoint(-1);
  };

  const overlay = (rect: PictureRect) => {
    const local = (event: PointerEvent) => {
      const box = (event.currentTarget as SVGSVGElement).getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top] as const;
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.button !== 0) return;
      event.preventDefault();
      const [x, y] = local(event);
      const zone = zones[selected];
      const grabbed = zone ? pointAt(rect, zone, x, y) : -1;
      (event.currentTarget as SVGSVGElement).focus();
      if (zone && grabbed >= 0) {
        (event.currentTarget as SVGSVGElement).setPointerCapture(event.pointerId);
        drag.current = { pointerId: event.pointerId, zone: selected, point: grabbed };
        setPoint(grabbed);
        return;
      }
      // Outside the picture adds nothing (a point would be pulled onto its edge unasked).
      if (x < rect.left || x > rect.left + rect.width || y < rect.top || y > rect.top + rect.height) return;
      // No zone chosen: the click starts an include zone.
      const started = zone ? { zones, error: null } : addZone(zones, 'include');
      const index = zone ? selected : started.zones.length - 1;
      const target = started.zones[index];
      if (started.error || !target) return setMessage(started.error);
      const added = addPoint(rect, target, x, y);
      setMessage(added.error);
      if (added.error) return;
      onChange(started.zones.map((z, i) => (i === index ? added.zone : z)));
      setSelected(index);
      // The new point is the one that is not the target's (addPoint keeps the others as they were).
      setPoint(added.zone.points.findIndex((p, i) => p !== target.points[i]));
    };
    const onPointerMove = (event: PointerEvent) => {
      const d = drag.current;
      if (!d || d.pointerId !== event.pointerId) return;
      const zone = zones[d.zone];
      if (zone) replace(d.zone, movePoint(rect, zone, d.point, ...local(event)));
    };
    const onPointerUp = (event: PointerEvent) => {
      if (drag.current?.pointerId === event.pointerId) drag.current = null;
    };
    return (
      <svg
        class="zone-overlay"
        // Lower case: an SVG element's attributes are case-sensitive, and Preact sets SVG props as attributes.
        tabindex={0}
        aria-label="Zones on the picture: click to add a point to the chosen zone, drag a point to move it, Delete removes the chosen point"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={(e) => {
          if (e.key === 'Delete' || e.key === 'Backspace') {
            e.preventDefault();
            deletePoint();
          }
        }}
      >
        {zones.map((zone, i) => {
          const pts = zone.points.map((p) => toBox(rect, p).join(',')).join(' ');
          return (
            <g key={i} class={`zone zone-${zone.kind}${i === selected ? ' zone-selected' : ''}`} data-zone={zone.name}>
              {zone.points.length >= 3 ? <polygon points={pts} /> : <polyline points={pts} />}
              {zone.points[0] && (
                <text x={toBox(rect, zone.points[0])[0] + 6} y={toBox(rect, zone.points[0])[1] - 6} class="zone-label">
                  {zone.name}
                </text>
              )}
              {i === selected &&
                zone.points.map((p, j) => {
                  const [cx, cy] = toBox(rect, p);
                  return <circle key={j} class={`zone-point${j === point ? ' zone-point-chosen' : ''}`} cx={cx} cy={cy} r={5} />;
                })}
            </g>
          );
        })}
      </svg>
    );
  };

  return (
    <div class="zone-editor">
      <CameraPicture cameraId={cameraId} label="The camera’s picture with its motion zones">
        {overlay}
      </CameraPicture>
      <div class="zone-list">
        <div class="zone-list-head">
          <span class="hint">{zones.length === 0 ? 'No zone: motion anywhere in the picture counts.' : 'Motion counts inside include zones (all of the picture when there is none) and never inside exclude zones.'}</span>
          <button type="button" class="button small" onClick={() => create('include')}>
            + Include zone
          </button>
          <button type="button" class="button small" onClick={() => create('exclude')}>
            + Exclude zone
          </button>
        </div>
        {zones.map((zone, i) => (
          <div key={i} class={`zone-row${i === selected ? ' zone-row-selected' : ''}`} data-zone-row={i}>
            <label class="check zone-choose" title="Edit this zone on the picture">
              <input type="radio" name="zone-chosen" checked={i === selected} onChange={() => (setSelected(i), setPoint(-1))} />
              <span class="visually-hidden">Edit zone {i + 1}</span>
            </label>
            <input class="zone-name" aria-label={`Zone ${i + 1} name`} value={zone.name} maxLength={40} onInput={(e) => replace(i, renameZone(zone, (e.currentTarget as HTMLInputElement).value))} />
            <select aria-label={`Zone ${i + 1} kind`} value={zone.kind} onChange={(e) => replace(i, { ...zone, kind: (e.currentTarget as HTMLSelectElement).value as MotionZone['kind'] })}>
              <option value="include">Include</option>
              <option value="exclude">Exclude</option>
            </select>
            <span class="hint nowrap">{zone.points.length} points</span>
            {i === selected && point >= 0 && (
              <button type="button" class="button small ghost" onClick={deletePoint}>
                Delete point
              </button>
            )}
            <button type="button" class="button small ghost" aria-label={`Delete zone ${zone.name || i + 1}`} onClick={() => remove(i)}>
              Delete
            </button>
            {problems.has(i) && <span class="field-error zone-problem">This zone {problems.get(i)}.</span>}
          </div>
        ))}
        {(message ?? error) && <span class="field-error" data-field-error="motion-zones">{message ?? error}</span>}
      </div>
    </div>
  );
}
