// sitrep's dashboard: a map, a timeline, an event list and event pages over the JSON API.
// Everything from the database is put on the page as text (textContent, DOM nodes), never as
// markup, so a report that contains <script> shows those characters and runs nothing.
"use strict";
(() => {
  const TYPE_COLOURS = {
    "Battles": "#c62828",
    "Explosions/Remote violence": "#ef6c00",
    "Violence against civilians": "#6a1b9a",
    "Protests": "#2e7d32",
    "Riots": "#5d4037",
    "Strategic developments": "#546e7a",
  };
  const CATEGORIES = [
    ["civilians", "civilians", "#e15759"],
    ["security_forces", "security forces", "#4e79a7"],
    ["militants", "militants", "#f28e2b"],
    ["unknown", "unknown", "#9c9c9c"],
  ];
  const $ = (selector) => document.querySelector(selector);
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    return node;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  // A server started with SITREP_READ_TOKEN wants it for the map's points: asked once, kept
  // for the tab's session only.
  const TOKEN_KEY = "sitrep-read-token";

  async function getJSON(path, asked = false) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, { headers });
    if (response.status === 401 && !asked) {
      const given = window.prompt("This server needs its read token (SITREP_READ_TOKEN):");
      if (given) {
        sessionStorage.setItem(TOKEN_KEY, given.trim());
        return getJSON(path, true);
      }
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    return body;
  }

  function typeBadge(eventType) {
    return el("span", { class: "type", style: `background:${TYPE_COLOURS[eventType] || "#333"}` },
      eventType);
  }

  function deathsOf(event) {
    return event.fatalities_total ? event.fatalities_total.best : null;
  }

  function place(event) {
    return [event.location, event.admin1, event.country].filter(Boolean).join(", ") || "unplaced";
  }

  function filterParams() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData($("#filters"))) {
      if (String(value).trim()) params.set(key, String(value).trim());
    }
    return params;
  }

  // -- map ---------------------------------------------------------------------------------

  const body = document.body;
  const map = L.map("map", { preferCanvas: true, worldCopyJump: true }).setView([15, 30], 3);
  if (body.dataset.tileUrl) {
    L.tileLayer(body.dataset.tileUrl, { maxZoom: 18 }).addTo(map);
    if (body.dataset.tileAttribution) {
      const escaped = el("span", {}, body.dataset.tileAttribution).innerHTML;
      map.attributionControl.addAttribution(escaped);
    }
  }
  map.attributionControl.addAttribution("Natural Earth");
  const outlines = L.layerGroup().addTo(map);
  fetch("/static/world-110m.geojson")
    .then((response) => response.json())
    .then((world) => {
      L.geoJSON(world, {
        interactive: false,
        style: { color: "#8a8a8a", weight: 0.6, fillColor: "#f3efe6",
          fillOpacity: body.dataset.tileUrl ? 0 : 1 },
      }).addTo(outlines);
      $("#map").dataset.outlines = "true";
    });
  // One handler on the group, not one per marker: 10,000 markers draw in a fraction of the time.
  const markers = L.featureGroup().addTo(map);
  const hover = L.tooltip({ direction: "top" });
  markers.on("click", (clicked) => {
    location.hash = `#event/${encodeURIComponent(clicked.layer.options.point.id)}`;
  });
  markers.on("mouseover", (over) => {
    const point = over.layer.options.point;
    hover.setContent(el("span", {},
      `${point.date || "undated"} · ${point.sub_event_type} · ${point.location || point.country || ""}` +
      (point.deaths !== null ? ` · ${point.deaths} dead` : "")));
    map.openTooltip(hover, over.layer.getLatLng());
  });
  markers.on("mouseout", () => map.closeTooltip(hover));
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => el("div", { class: "legend map-legend" },
    ...Object.entries(TYPE_COLOURS).map(([name, colour]) =>
      el("span", {}, el("span", { class: "swatch round", style: `background:${colour}` }), name)),
    el("span", {}, el("span", { class: "swatch round campaign" }), "campaign"));
  legend.addTo(map);

  function radius(deaths) {
    return 4 + 2.5 * Math.sqrt(deaths || 0);
  }

  function drawPoints(points, fit) {
    markers.clearLayers();
    const campaigns = new Set(points.filter((p) => p.parent).map((p) => p.parent));
    for (const point of points) {
      const colour = TYPE_COLOURS[point.event_type] || "#333";
      const campaign = campaigns.has(point.id);
      L.circleMarker([point.latitude, point.longitude], {
        radius: radius(point.deaths),
        color: campaign ? "#212121" : colour,
        weight: campaign ? 2 : 1,
        dashArray: campaign ? "4 3" : null,
        fillColor: colour,
        fillOpacity: campaign ? 0 : 0.65,
        point,
      }).addTo(markers);
    }
    $("#map").dataset.markers = String(markers.getLayers().length);
    if (fit && points.length) {
      map.fitBounds(points.map((p) => [p.latitude, p.longitude]), { maxZoom: 7, padding: [20, 20] });
    }
  }

  // -- timeline ----------------------------------------------------------------------------

  function periods(first, last, step) {
    const out = [];
    for (let day = new Date(first); day <= new Date(last); day.setUTCDate(day.getUTCDate() + step)) {
      out.push(day.toISOString().slice(0, 10));
    }
    return out;
  }

  function drawTimeline(stats) {
    const box = $("#timeline");
    box.replaceChildren();
    if (!stats.rows.length) {
      box.append(el("p", { class: "muted" }, "No dated events."));
      return;
    }
    const byPeriod = new Map(stats.rows.map((row) => [row.period, row]));
    const all = periods(stats.rows[0].period, stats.rows[stats.rows.length - 1].period,
      stats.interval === "week" ? 7 : 1);
    const totals = all.map((p) => CATEGORIES.reduce(
      (sum, [key]) => sum + ((byPeriod.get(p) || { deaths: {} }).deaths[key] || 0), 0));
    const top = Math.max(1, ...totals);
    const width = 600, height = 160, left = 34, bottom = 18;
    const band = (width - left) / all.length;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
    const y = (value) => (height - bottom) * (1 - value / top);
    all.forEach((period, index) => {
      const row = byPeriod.get(period);
      if (!row) return;
      let base = 0;
      for (const [key, label, colour] of CATEGORIES) {
        const value = row.deaths[key] || 0;
        if (!value) continue;
        const rect = svg("rect", {
          x: left + index * band, width: Math.max(1, band - 1),
          y: y(base + value), height: y(base) - y(base + value), fill: colour,
        });
        const title = svg("title", {});
        title.textContent = `${stats.interval} of ${period}: ${value} ${label}`;
        rect.append(title);
        chart.append(rect);
        base += value;
      }
    });
    const labels = [[0, height - bottom + 12, all[0], "start"],
      [width, height - bottom + 12, all[all.length - 1], "end"], [left - 4, 10, String(top), "end"],
      [left - 4, height - bottom, "0", "end"]];
    for (const [x, yy, text, anchor] of labels) {
      const node = svg("text", { x: x + (anchor === "start" ? left : 0), y: yy,
        "font-size": 10, "text-anchor": anchor, fill: "#555" });
      node.textContent = text;
      chart.append(node);
    }
    chart.append(svg("line", { x1: left, x2: width, y1: height - bottom, y2: height - bottom,
      stroke: "#999" }));
    box.append(chart, el("div", { class: "legend" }, ...CATEGORIES.map(([, label, colour]) =>
      el("span", {}, el("span", { class: "swatch", style: `background:${colour}` }), label))));
  }

  // -- event list --------------------------------------------------------------------------

  function eventItem(event) {
    const deaths = deathsOf(event);
    return el("li", { "data-event": event.id },
      el("a", { href: `#event/${encodeURIComponent(event.id)}` },
        `${event.date || "undated"} — ${event.sub_event_type}`),
      " ", typeBadge(event.event_type),
      el("div", { class: "muted" }, place(event),
        deaths !== null ? " · " : "", deaths !== null ? el("span", { class: "deaths" },
          `${deaths} dead`) : ""));
  }

  function listEvents(events, append) {
    const list = $("#event-list");
    if (!append) list.replaceChildren();
    const items = new Map();
    for (const event of events) items.set(event.id, eventItem(event));
    for (const event of events) {
      const parentItem = event.parent && items.get(event.parent);
      if (parentItem) {
        let group = parentItem.querySelector("ol");
        if (!group) parentItem.append(group = el("ol", { class: "incidents" }));
        group.append(items.get(event.id));
      } else {
        list.append(items.get(event.id));
      }
    }
  }

  let nextCursor = null;

  async function loadMore() {
    const params = filterParams();
    params.set("limit", "100");
    params.set("cursor", nextCursor);
    const page = await getJSON(`/events?${params}`);
    listEvents(page.events, true);
    nextCursor = page.next;
    $("#more").hidden = !nextCursor;
  }

  // -- overview ----------------------------------------------------------------------------

  const seen = { country: new Set(), event_type: new Set() };

  function remember(points) {
    for (const point of points) {
      if (point.country) seen.country.add(point.country);
      seen.event_type.add(point.event_type);
    }
    for (const name of ["country", "event_type"]) {
      const select = $(`#filters [name=${name}]`);
      const chosen = select.value;
      select.replaceChildren(el("option", { value: "" }, "all"),
        ...[...seen[name]].sort().map((value) => el("option", { value }, value)));
      select.value = chosen;
    }
  }

  let firstLoad = true;

  async function loadOverview() {
    const params = filterParams();
    document.body.dataset.ready = "false";
    $("#status").textContent = "loading…";
    try {
      // Days for a short chosen range, weeks otherwise: one request, bars that stay readable.
      const since = params.get("since"), until = params.get("until");
      const short = since && until && new Date(until) - new Date(since) <= 120 * 86400000;
      const [points, page, stats] = await Promise.all([
        getJSON(`/points?${params}`),
        getJSON(`/events?${params}&limit=100`),
        getJSON(`/stats?${params}&interval=${short ? "day" : "week"}`),
      ]);
      remember(points.points);
      drawPoints(points.points, true);
      drawTimeline(stats);
      listEvents(page.events, false);
      nextCursor = page.next;
      $("#more").hidden = !nextCursor;
      $("#status").textContent = `${points.points.length} events on the map`;
    } catch (error) {
      $("#status").textContent = `error: ${error.message}`;
    }
    firstLoad = false;
    document.body.dataset.ready = "true";
  }

  // -- event page --------------------------------------------------------------------------

  function figureText(figure) {
    if (!figure) return "—";
    const spread = figure.low === figure.best && figure.high === figure.best ? "" :
      ` (${figure.low}–${figure.high === null ? "?" : figure.high})`;
    return `${figure.best}${spread}`;
  }

  function markedText(text, spans, wanted) {
    const chosen = spans.filter((span) => wanted.has(span.event_id));
    const cuts = new Set([0, text.length]);
    for (const span of chosen) {
      cuts.add(Math.max(0, Math.min(span.start, text.length)));
      cuts.add(Math.max(0, Math.min(span.end, text.length)));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const box = el("div", { class: "article-text" });
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const covering = chosen.filter((span) => span.start <= start && end <= span.end);
      const piece = text.slice(start, end);
      if (!covering.length) {
        box.append(piece);
        continue;
      }
      const fields = [...new Set(covering.map((span) => span.field || "event"))].join(", ");
      const who = covering.map((span) => span.attributed_to).filter(Boolean);
      box.append(el("mark", { class: "evidence", title: fields + (who.length ? ` — ${who[0]}` : "") },
        piece));
    }
    return box;
  }

  function row(label, ...value) {
    return el("tr", {}, el("th", {}, label), el("td", {}, ...value));
  }

  let showing = 0; // the latest event asked for: a slower, earlier answer must not overwrite it

  async function showEvent(eventId) {
    const ticket = ++showing;
    const page = $("#event-page");
    delete page.dataset.loaded;
    $("#overview").hidden = true;
    page.hidden = false;
    page.replaceChildren(el("p", {}, "loading…"));
    let detail;
    try {
      detail = await getJSON(`/events/${encodeURIComponent(eventId)}`);
    } catch (error) {
      if (ticket !== showing) return;
      page.replaceChildren(el("p", {}, el("a", { href: "#" }, "← all events")),
        el("p", {}, `error: ${error.message}`));
      return;
    }
    if (ticket !== showing) return;
    const event = detail.event;
    const f = event.fatalities;
    const parts = [
      el("p", {}, el("a", { href: "#" }, "← all events")),
      el("h2", {}, `${event.sub_event_type} — ${place(event)}, ${event.date || "undated"}`),
      el("p", {}, typeBadge(event.event_type), event.background ? " background event" : ""),
    ];
    if (event.parent) {
      parts.push(el("p", {}, "Part of campaign ",
        el("a", { class: "campaign", href: `#event/${encodeURIComponent(event.parent)}` },
          event.parent)));
    }
    parts.push(el("table", {},
      row("Date", `${event.date || "unknown"} (precision ${event.date_precision})`),
      row("Place", place(event), event.admin2 ? ` · district ${event.admin2}` : "",
        event.latitude !== null ? ` · ${event.latitude}, ${event.longitude}` : ""),
      row("Actors", [event.actor1, event.actor2].filter(Boolean).join(" vs ") || "—"),
      row("Claimed by", event.claimed_by.join(", ") || "—"),
      ...CATEGORIES.map(([key, label]) => row(`Deaths: ${label}`, figureText(f[key]))),
      row("Deaths: total", figureText(event.fatalities_total)),
      row("Injured", figureText(event.injured)),
      row("Abducted", figureText(event.abducted))));
    if (detail.children.length) {
      parts.push(el("h3", {}, `Campaign: ${detail.children.length} incidents`),
        el("ol", { class: "incidents" }, ...detail.children.map(eventItem)));
    }
    const titles = new Map(detail.sources.map((s) => [s.article_id, s.title || s.article_id]));
    const history = Object.entries(detail.figure_history);
    if (history.length) {
      parts.push(el("h3", {}, "Figure history"), el("table", {},
        el("tr", {}, el("th", {}, "category"), el("th", {}, "reported"), el("th", {}, "by"),
          el("th", {}, "published")),
        ...history.flatMap(([category, reports]) => reports.map((report) => el("tr", {},
          el("td", {}, category), el("td", {}, figureText(report)),
          el("td", {}, titles.get(report.article_id) || report.article_id),
          el("td", {}, report.published || "undated"))))));
    }
    parts.push(el("h3", {}, "Sources"), el("ul", {}, ...detail.sources.map((source) => {
      const url = safeUrl(source.url);
      return el("li", {}, url ? el("a", { href: url, rel: "noopener noreferrer" },
        source.title || url) : source.title || source.article_id,
      el("span", { class: "muted" }, ` · ${source.published || "undated"}`));
    })));
    page.replaceChildren(...parts);
    const wanted = new Set([event.id, ...detail.children.map((child) => child.id)]);
    for (const source of detail.sources) {
      const article = await getJSON(`/articles/${encodeURIComponent(source.article_id)}`);
      if (ticket !== showing) return;
      page.append(el("h3", {}, `Report: ${article.article.title || article.article.id}`),
        markedText(article.article.text, article.spans, wanted));
    }
    page.dataset.loaded = event.id;
  }

  // -- routing -----------------------------------------------------------------------------

  function route() {
    const match = location.hash.match(/^#event\/(.+)$/);
    if (match) {
      showEvent(decodeURIComponent(match[1]));
      return;
    }
    $("#event-page").hidden = true;
    $("#overview").hidden = false;
    map.invalidateSize();
    if (firstLoad) loadOverview();
  }

  $("#filters").addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    if (location.hash.startsWith("#event/")) location.hash = "";
    loadOverview();
  });
  $("#filters").addEventListener("reset", () => setTimeout(loadOverview, 0));
  $("#more").addEventListener("click", loadMore);
  window.addEventListener("hashchange", route);
  route();
})();
