/* eventwire dashboard: every view reads the same filters and is redrawn from /api on each change. */
"use strict";

const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
// PLOVER's own grouping: cooperation (blue), verbal conflict (amber), material conflict (red).
const GROUP = { AGREE: 0, CONSULT: 0, SUPPORT: 0, CONCEDE: 0, COOPERATE: 0, AID: 0, RETREAT: 0,
  REQUEST: 1, ACCUSE: 1, REJECT: 1, THREATEN: 1, PROTEST: 1,
  SANCTION: 2, MOBILIZE: 2, COERCE: 2, ASSAULT: 2 };
const COLORS = ["#2f6fbf", "#d98a00", "#c62828"];
const color = (t) => COLORS[GROUP[t] ?? 1];
const LIMIT = 2000;

const ew = window.ew = { map: null, markers: null, countries: null, cy: null, plot: null, events: [], selected: null };

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "style") e.style.cssText = v; else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k instanceof Node ? k : String(k));
  return e;
}

function filters() {
  const q = new URLSearchParams();
  for (const id of ["type", "since", "until", "country"]) {
    const v = document.getElementById("f-" + id).value;
    if (v) q.set(id, v);
  }
  return q;
}

async function getJSON(path, params) {
  const url = params && [...params].length ? `${path}?${params}` : path;
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : r.statusText);
  return body;
}

function actorName(a) { return a ? (a.canonical || a.name) : null; }

/* ---------- map ---------- */
// Natural Earth rings that cross the antimeridian (Fiji, Russia, Antarctica) jump from +180 to -180;
// drawn as is they streak across the map. Make each ring's longitudes continuous instead.
function unwrapRing(ring) {
  for (let i = 1; i < ring.length; i++) {
    const d = ring[i][0] - ring[i - 1][0];
    if (d > 180) ring[i] = [ring[i][0] - 360, ring[i][1]];
    else if (d < -180) ring[i] = [ring[i][0] + 360, ring[i][1]];
  }
}

function unwrap(geometry) {
  if (!geometry) return;
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const poly of polys) for (const ring of poly) unwrapRing(ring);
}

async function initMap() {
  ew.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 10, zoomSnap: 0.5 }).setView([20, 20], 1.5);
  ew.map.attributionControl.setPrefix(false);
  ew.map.attributionControl.addAttribution("Natural Earth (public domain)");
  const topo = await getJSON("vendor/world-atlas/countries-110m.json");
  const land = topojson.feature(topo, topo.objects.countries);
  for (const f of land.features) unwrap(f.geometry);
  ew.countries = L.geoJSON(land, {
    style: { color: "#8a97a8", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1, className: "ew-country" },
    interactive: false,
  }).addTo(ew.map);
  ew.markers = L.featureGroup().addTo(ew.map);
}

// One circle per place (events at the same coordinates would hide each other), sized by its number of
// events and coloured by the most severe PLOVER group there; a click lists the place's events.
function drawMarkers(events) {
  ew.markers.clearLayers();
  const byPlace = new Map();
  for (const ev of events) {
    const p = ev.place;
    if (!p || p.lat == null || p.lon == null) continue;
    const key = `${p.lat.toFixed(4)},${p.lon.toFixed(4)}`;
    if (!byPlace.has(key)) byPlace.set(key, []);
    byPlace.get(key).push(ev);
  }
  for (const evs of byPlace.values()) {
    const p = evs[0].place;
    const worst = evs.reduce((a, e) => (GROUP[e.type] ?? 1) > (GROUP[a.type] ?? 1) ? e : a, evs[0]);
    const m = L.circleMarker([p.lat, p.lon], { radius: Math.min(18, 6 + 2 * Math.sqrt(evs.length)), color: "#fff",
      weight: 1.5, fillColor: color(worst.type), fillOpacity: 0.9, className: "ew-marker" });
    m.bindTooltip(`${p.name}: ${evs.length} event${evs.length > 1 ? "s" : ""}`);
    m.on("click", () => placeEvents(m, evs));
    m.addTo(ew.markers);
    for (const ev of evs) ev._marker = m;
  }
  if (ew.markers.getLayers().length) ew.map.fitBounds(ew.markers.getBounds().pad(0.6), { maxZoom: 5, animate: false });
}

function placeEvents(marker, evs) {
  showEvent(evs[0].id);
  if (evs.length === 1) return;
  const list = el("ol", { class: "place-events" }, ...evs.map((ev) => {
    const li = el("li", { "data-id": ev.id }, el("span", { class: "type", style: `background:${color(ev.type)}` }, ev.type),
      " ", (ev.date && ev.date.start) || "");
    li.addEventListener("click", () => showEvent(ev.id));
    return li;
  }));
  marker.bindPopup(el("div", {}, el("strong", {}, evs[0].place.name), list)).openPopup();
}

/* ---------- timeline ---------- */
function drawTimeline(byDay) {
  const box = document.getElementById("timeline");
  if (ew.plot) { ew.plot.destroy(); ew.plot = null; }
  box.replaceChildren();
  const days = byDay.filter((d) => d.day);
  if (!days.length) { box.append(el("p", { class: "muted" }, "No dated events.")); return; }
  const xs = days.map((d) => Date.parse(d.day + "T00:00:00Z") / 1000);
  const ys = days.map((d) => d.count);
  const opts = {
    width: Math.max(300, box.clientWidth), height: 200, legend: { show: false },
    scales: { x: { time: true, range: (u, lo, hi) => [lo - 86400, hi + 86400] }, y: { range: (u, lo, hi) => [0, Math.max(1, hi)] } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    axes: [{ space: 70, incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400],
      values: (u, splits) => splits.map((s) => new Date(s * 1000).toISOString().slice(0, 10)) }, { size: 40 }],
    series: [{}, { label: "events", stroke: "#2f6fbf", fill: "rgba(47,111,191,.35)", paths: uPlot.paths.bars({ size: [0.6, 40, 3] }), points: { show: false } }],
  };
  ew.plot = new uPlot(opts, [xs, ys], box);
}

/* ---------- network ---------- */
const MAX_EDGES = 60;  // the strongest pairs: more make an unreadable hairball in a side panel

function drawNetwork(agg) {
  // Only actors in an actor -> recipient pair: an actor with no recipient has no place in a network.
  const edges = agg.edges.slice(0, MAX_EDGES);
  const counts = new Map(agg.actors.map((a) => [a.id, a]));
  const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  const elements = ids.map((id) => ({ data: { id, label: (counts.get(id) || {}).label || id, count: (counts.get(id) || {}).count || 1 } }));
  edges.forEach((e, i) => elements.push({ data: { id: "edge" + i, source: e.source, target: e.target, count: e.count } }));
  document.getElementById("network-note").textContent = !edges.length ? "No actor → recipient pairs in these events."
    : agg.edges.length > MAX_EDGES ? `The ${MAX_EDGES} most frequent of ${agg.edges.length} pairs.` : "";
  if (ew.cy) ew.cy.destroy();
  ew.cy = cytoscape({
    container: document.getElementById("network"), elements, wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 12, "background-color": "#2a4a7a",
        width: "mapData(count, 1, 20, 14, 40)", height: "mapData(count, 1, 20, 14, 40)", "text-wrap": "wrap", "text-max-width": 110,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 2 } },
      { selector: "edge", style: { width: "mapData(count, 1, 10, 1, 6)", "line-color": "#9aa5b5", "target-arrow-color": "#9aa5b5",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(count)", "font-size": 9 } },
    ],
    layout: { name: elements.length > 2 ? "cose" : "grid", animate: false, padding: 30, randomize: false,
      nodeDimensionsIncludeLabels: true },
  });
}

/* ---------- lists and detail ---------- */
function drawEventList(events) {
  const list = document.getElementById("event-list");
  list.replaceChildren(...events.map((ev) => {
    const who = [actorName(ev.actor), actorName(ev.recipient)].filter(Boolean).join(" → ");
    const li = el("li", { "data-id": ev.id }, el("span", { class: "type", style: `background:${color(ev.type)}` }, ev.type),
      " ", (ev.date && ev.date.start) || "", " ", who);
    li.addEventListener("click", () => showEvent(ev.id));
    return li;
  }));
}

function drawQuotes(quotes) {
  const box = document.getElementById("quotes");
  if (!quotes.length) { box.replaceChildren(el("li", { class: "muted" }, "No quotes.")); return; }
  box.replaceChildren(...quotes.map((q) => el("li", {}, el("span", { class: "speaker" }, actorName(q.speaker) || "unknown speaker"),
    q.cue ? ` (${q.cue})` : "", ": “", q.text, "”")));
}

function sentenceNode(ev) {
  const s = ev.sentence || "";
  const trigger = ev.trigger || (ev.sources && ev.sources[0] && ev.sources[0].trigger) || "";
  const bq = el("blockquote", { id: "evidence" });
  const i = trigger ? s.toLowerCase().indexOf(trigger.toLowerCase()) : -1;
  if (i < 0) { bq.append(s); return bq; }
  bq.append(s.slice(0, i), el("mark", {}, s.slice(i, i + trigger.length)), s.slice(i + trigger.length));
  return bq;
}

function showEvent(id) {
  const ev = ew.events.find((e) => e.id === id);
  if (!ev) return;
  ew.selected = id;
  for (const li of document.querySelectorAll("#event-list li")) li.classList.toggle("selected", li.dataset.id === id);
  const d = ev.date || {};
  const rows = [["type", `${ev.type}${ev.mode ? " / " + ev.mode : ""}`], ["actor", actorName(ev.actor) || "—"],
    ["recipient", actorName(ev.recipient) || "—"], ["place", ev.place ? [ev.place.name, ev.place.admin1, ev.place.country].filter(Boolean).join(", ") : "—"],
    ["date", d.start ? `${d.start}${d.end && d.end !== d.start ? " – " + d.end : ""} (${d.precision})` : "—"],
    ["status", ev.status], ["fatalities", ev.fatalities ?? "—"], ["confidence", ev.confidence != null ? Number(ev.confidence).toFixed(2) : "—"]];
  if (ev.sources && ev.sources.length) rows.push(["sources", ev.sources.map((s) => [s.title || s.url || s.article_id, s.published].filter(Boolean).join(", ")).join("; ")]);
  const dl = el("dl");
  for (const [k, v] of rows) dl.append(el("dt", {}, k), el("dd", {}, v));
  document.getElementById("detail").replaceChildren(dl, sentenceNode(ev));
  document.querySelector(`#event-list li[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "nearest" });
}

/* ---------- load ---------- */
function fillSelect(id, values) {
  const sel = document.getElementById(id);
  for (const v of values) sel.append(el("option", { value: v }, v));
}

async function refresh() {
  const q = filters();
  const evq = new URLSearchParams(q); evq.set("limit", LIMIT);
  const seq = ew.seq = (ew.seq || 0) + 1;
  const [events, agg, quotes] = await Promise.all([getJSON("/api/events", evq), getJSON("/api/aggregates", q), getJSON("/api/quotes", q)]);
  if (seq !== ew.seq) return;  // the filters changed again while this answer was on its way
  ew.events = events.items;
  drawMarkers(ew.events);
  drawEventList(ew.events);
  drawTimeline(agg.by_day);
  drawNetwork(agg);
  drawQuotes(quotes.items);
  // counts last: a test (or a person) seeing the new count sees every view already redrawn
  document.getElementById("n-events").textContent = agg.total;
  document.getElementById("n-actors").textContent = agg.actors.length;
  document.getElementById("n-quotes").textContent = quotes.items.length;
  if (!ew.events.some((e) => e.id === ew.selected)) document.getElementById("detail").replaceChildren(
    el("p", { class: "muted" }, "Click an event on the map or in the list to see the sentence it was coded from."));
  document.body.dataset.ready = String(Number(document.body.dataset.ready || 0) + 1);
}

function report(err) {
  console.error(err);
  document.getElementById("detail").replaceChildren(el("p", { class: "muted" }, "Could not load: " + err.message));
}

async function main() {
  fillSelect("f-type", PLOVER);
  await initMap();
  const all = await getJSON("/api/aggregates");
  fillSelect("f-country", Object.keys(all.by_country).filter((c) => c && c !== "null").sort());
  const form = document.getElementById("filters");
  form.addEventListener("change", () => refresh().catch(report));
  document.getElementById("f-reset").addEventListener("click", () => { form.reset(); refresh().catch(report); });
  await refresh();
}

main().catch(report);
