/* The judge's tablet: draws itself from the server's `state`, follows the stage, and keeps every
 * submission in a localStorage outbox until the server acknowledges it, so marks entered while
 * the Wi-Fi is down survive a reload or a browser restart and are sent by themselves later. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("tablet-config").textContent);
  var S = config.strings;
  var OUTBOX_KEY = "judging.outbox." + config.judge;
  var PREFS_KEY = "judging.prefs." + config.judge;
  var model = { state: null, category: null, entry: null, follow: true, sheets: {}, draft: {} };
  var sending = false;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "onclick") node.addEventListener("click", attrs[k]);
      else if (k === "class") node.className = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (crypto.getRandomValues(new Uint8Array(1))[0] & 15);
      return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  }
  function toast(text, bad) {
    var t = $("toast");
    t.textContent = text; t.hidden = false; t.className = "toast" + (bad ? " bad" : "");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, bad ? 6000 : 2500);
  }

  /* ---------------------------------------------------------------- outbox (localStorage) */
  function outbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveOutbox(items) { localStorage.setItem(OUTBOX_KEY, JSON.stringify(items)); showStatus(); }
  function enqueue(payload, summary) {
    payload.client_id = uuid();
    var items = outbox();
    items.push({ payload: payload, summary: summary, at: Date.now() });
    saveOutbox(items);
    render();
    flush();
  }
  function flush() {
    if (sending || !socket.connected) return;
    var items = outbox();
    if (!items.length) return;
    sending = true;
    var item = items[0];
    socket.timeout(15000).emit("submit", item.payload, function (err, ack) {
      sending = false;
      if (err) { setTimeout(flush, 2000); return; }  // no answer: keep it and try again
      var rest = outbox().filter(function (i) { return i.payload.client_id !== item.payload.client_id; });
      saveOutbox(rest);
      if (ack && ack.ok) {
        if (!ack.duplicate) toast(S.accepted + ": " + item.summary);
      } else if (ack && ack.error) {
        toast(S.refused + ": " + item.summary + " — " + ack.error.message, true);
      }
      render();
      flush();
    });
  }

  /* ---------------------------------------------------------------- connection */
  var auth = config.token ? { token: config.token } : { judge: config.judge };
  var socket = io("/judge", { transports: ["websocket", "polling"], auth: auth });
  socket.on("connect", function () { showStatus(); flush(); });
  socket.on("disconnect", showStatus);
  socket.on("connect_error", function (err) {
    showStatus();
    if (err && err.message === "unauthorized") { $("status-text").textContent = S.signed_out; }
  });
  socket.on("state", function (state) {
    model.state = state;
    model.sheets = {};
    state.sheets.forEach(storeSheet);
    var prefs = loadPrefs();
    if (model.category === null) model.category = prefs.category || (state.categories[0] && state.categories[0].id) || null;
    if (!category()) model.category = state.categories[0] ? state.categories[0].id : null;
    applyStage(state.stage, true);
    render();
  });
  socket.on("stage", function (stage) {
    if (!model.state) return;
    model.state.stage = stage;
    applyStage(stage, false);
    render();
  });
  socket.on("sheet", function (sheet) { storeSheet(sheet); render(); });
  // The organiser changed the panels or the running order: draw the tablet again from the server.
  socket.on("panels_changed", function () { socket.emit("get_state", {}); });
  socket.on("running_order_changed", function () { socket.emit("get_state", {}); });
  // The judge's link was switched off or replaced: stop, and say so (waiting marks stay in the outbox).
  socket.on("access_revoked", function () {
    socket.disconnect();
    showStatus();
    $("status-text").textContent = S.signed_out;
  });
  socket.on("category", function (info) {
    if (!model.state) return;
    model.state.categories.forEach(function (c) { if (c.id === info.category) c.judging = info.judging; });
    render();
  });

  function storeSheet(s) {
    var key = s.kind === "measurement" ? ["m", s.entry, s.round, s.attempt].join(":")
      : s.kind === "comparison" ? "c:" + s.id
      : s.entry ? "e:" + s.entry : ["p", s.category, s.dance || ""].join(":");
    model.sheets[key] = s;
  }
  function showStatus() {
    var n = outbox().length;
    $("status").className = "tablet-status " + (socket.connected ? "on" : "off");
    $("status-text").textContent = socket.connected ? S.connected : S.disconnected;
    $("outbox-count").textContent = n ? fmt(S.waiting, { count: n }) : "";
    $("outbox-count").className = "outbox" + (n ? " has" : "");
  }
  function loadPrefs() { try { return JSON.parse(localStorage.getItem(PREFS_KEY) || "{}"); } catch (e) { return {}; } }
  function savePrefs() { localStorage.setItem(PREFS_KEY, JSON.stringify({ category: model.category, follow: model.follow })); }

  function applyStage(stage, initial) {
    if (!stage) return;
    if (model.follow && stage.entry && findCategory(stage.category)) {
      model.category = stage.category;
      model.entry = stage.entry;
    } else if (initial && model.entry === null) {
      var c = category();
      var first = c && c.entries.find(function (e) { return !sheetFor(e.id) && !e.conflict; });
      model.entry = first ? first.id : null;
    }
  }

  /* ---------------------------------------------------------------- helpers over the model */
  function findCategory(id) { return model.state && model.state.categories.find(function (c) { return c.id === id; }); }
  function category() { return findCategory(model.category); }
  function entryOf(c, id) { return c && c.entries.find(function (e) { return e.id === id; }); }
  function sheetFor(entryId) { return model.sheets["e:" + entryId]; }
  function pendingFor(match) { return outbox().filter(function (i) { return match(i.payload); }); }
  function entryStatus(c, e) {
    if (e.conflict) return "conflict";
    if (c.form.kind === "marks") {
      if (pendingFor(function (p) { return p.entry === e.id; }).length) return "pending";
      var s = sheetFor(e.id);
      return s ? s.status : "waiting";
    }
    return "";
  }
  function editable(c) { return c.judging === "open" && model.state.judge.marks_for_panel; }

  /* ---------------------------------------------------------------- drawing */
  function render() {
    showStatus();
    if (!model.state) return;
    var state = model.state;
    var tabs = $("categories");
    tabs.innerHTML = "";
    state.categories.forEach(function (c) {
      tabs.appendChild(el("button", {
        type: "button", class: "cat" + (c.id === model.category ? " active" : ""), text: c.label,
        onclick: function () { model.category = c.id; model.entry = null; savePrefs(); render(); },
      }));
    });
    var onStage = state.stage && findCategory(state.stage.category);
    var stageEntry = onStage && entryOf(onStage, state.stage.entry);
    $("stage-text").textContent = stageEntry ? S.on_stage + ": №" + stageEntry.number + " " + stageEntry.name : S.nobody_on_stage;
    $("follow").checked = model.follow;
    var c = category();
    var list = $("entries");
    list.innerHTML = "";
    if (!c) { $("work").innerHTML = ""; $("work").appendChild(el("p", { class: "empty", text: S.not_on_panel })); renderMine(); return; }
    if (["marks", "measurements"].indexOf(c.form.kind) >= 0) {
      c.entries.forEach(function (e) {
        var status = entryStatus(c, e);
        var isStage = stageEntry && stageEntry.id === e.id;
        list.appendChild(el("button", {
          type: "button", "data-entry": e.id,
          class: "entry st-" + status + (e.id === model.entry ? " active" : "") + (isStage ? " on-stage" : "") +
            (e.status === "withdrawn" || e.status === "disqualified" ? " out" : ""),
          onclick: function () { model.entry = e.id; model.follow = false; savePrefs(); render(); },
        }, [
          el("span", { class: "num", text: "№" + e.number }),
          el("span", { class: "name", text: e.name }),
          el("span", { class: "st", text: status === "conflict" ? S.conflict : status ? S["status_" + status] || "" : "" }),
        ]));
      });
    }
    var work = $("work");
    work.innerHTML = "";
    if (!model.state.judge.marks_for_panel) work.appendChild(el("p", { class: "empty", text: S.secretary }));
    else if (c.judging === "closed") work.appendChild(el("p", { class: "note", text: S.closed }));
    else if (c.judging === "finalised") work.appendChild(el("p", { class: "note", text: S.finalised }));
    ({ marks: drawMarks, placements: drawPlacements, measurements: drawMeasurements, comparisons: drawComparisons })[c.form.kind](c, work);
    renderMine();
  }

  function entryHeader(e) {
    return el("div", { class: "entry-head" }, [
      el("span", { class: "num big", text: "№" + e.number }),
      el("div", {}, [el("div", { class: "name big", text: e.name }), el("div", { class: "muted", text: [e.repertoire, e.institution].filter(Boolean).join(" · ") })]),
    ]);
  }

  function drawMarks(c, work) {
    var e = entryOf(c, model.entry);
    if (!e) { work.appendChild(el("p", { class: "empty", text: S.choose_entry })); return; }
    work.appendChild(entryHeader(e));
    if (e.conflict) {
      work.appendChild(el("div", { class: "conflict-box" }, [el("strong", { text: S.conflict }), el("p", { text: e.conflict_reason || "" })]));
      return;
    }
    var sheet = sheetFor(e.id);
    var pending = pendingFor(function (p) { return p.entry === e.id; });
    var shown = pending.length ? pending[pending.length - 1].payload.marks : sheet && sheet.marks;
    var locked = !editable(c) || pending.length > 0 || (sheet && sheet.locked);
    var draft = model.draft[e.id] = model.draft[e.id] || {};
    if (shown && (locked || !Object.keys(draft).length)) {
      Object.keys(shown).forEach(function (k) { draft[k] = Number(shown[k]); });
    }
    if (sheet || pending.length) {
      work.appendChild(el("p", { class: "sheet-status st-" + (pending.length ? "pending" : sheet.status), text: pending.length ? S.status_pending : S["status_" + sheet.status] }));
    }
    c.form.criteria.forEach(function (cr) {
      var step = cr.step || (cr.type === "measurement" ? 0.1 : 0.5);
      var row = el("div", { class: "criterion", "data-criterion": cr.key });
      var value = el("output", { class: "value", text: draft[cr.key] === undefined ? "—" : String(draft[cr.key]) });
      function set(v) {
        v = Math.round(Math.min(cr.max, Math.max(cr.min, v)) / step) * step;
        v = Math.round(v * 1000) / 1000;
        draft[cr.key] = v; value.textContent = String(v); total(); quick();
      }
      var minus = el("button", { type: "button", class: "step", "aria-label": "−", text: "−", onclick: function () { set((draft[cr.key] === undefined ? cr.max : draft[cr.key]) - step); } });
      var plus = el("button", { type: "button", class: "step", "aria-label": "+", text: "+", onclick: function () { set((draft[cr.key] === undefined ? cr.min : draft[cr.key]) + step); } });
      var quickRow = el("div", { class: "quick" });
      function quick() {
        Array.prototype.forEach.call(quickRow.children, function (b) { b.classList.toggle("active", Number(b.dataset.v) === draft[cr.key]); });
      }
      var whole = cr.max - cr.min;
      if (whole <= 10) {
        for (var v = Math.ceil(cr.min); v <= cr.max; v++) {
          (function (v) { quickRow.appendChild(el("button", { type: "button", class: "q", "data-v": v, text: String(v), onclick: function () { set(v); } })); })(v);
        }
      }
      if (locked) { minus.disabled = plus.disabled = true; Array.prototype.forEach.call(quickRow.children, function (b) { b.disabled = true; }); }
      row.appendChild(el("div", { class: "crit-label" }, [el("span", { text: cr.label }), el("span", { class: "muted small", text: cr.min + "–" + cr.max })]));
      row.appendChild(el("div", { class: "stepper" }, [minus, value, plus]));
      row.appendChild(quickRow);
      work.appendChild(row);
      quick();
    });
    var totalLine = el("p", { class: "total" });
    function total() {
      var keys = c.form.criteria.map(function (cr) { return cr.key; });
      var have = keys.filter(function (k) { return draft[k] !== undefined; });
      var sum = have.reduce(function (a, k) { return a + draft[k]; }, 0);
      totalLine.textContent = have.length === keys.length ? S.total + ": " + (Math.round(sum / keys.length * 100) / 100) + " (Σ " + Math.round(sum * 100) / 100 + ")" : "";
    }
    total();
    work.appendChild(totalLine);
    if (!locked) {
      work.appendChild(el("button", { type: "button", class: "submit", id: "submit", text: S.submit, onclick: function () {
        var missing = c.form.criteria.filter(function (cr) { return draft[cr.key] === undefined; });
        if (missing.length) { toast(S.missing, true); return; }
        var marks = {};
        c.form.criteria.forEach(function (cr) { marks[cr.key] = draft[cr.key]; });
        var lines = c.form.criteria.map(function (cr) { return cr.label + ": " + marks[cr.key]; });
        confirmThen("№" + e.number + " " + e.name, lines, function () {
          enqueue({ entry: e.id, marks: marks }, "№" + e.number);
          delete model.draft[e.id];
          if (!socket.connected) toast(S.queued);
          nextEntry(c, e);
        });
      } }));
    }
  }

  function nextEntry(c, e) {
    if (model.follow) return;  // the stage decides who comes next
    var later = c.entries.find(function (x) { return x.number > e.number && !x.conflict && entryStatus(c, x) === "waiting"; });
    if (later) model.entry = later.id;
    render();
  }

  function drawPlacements(c, work) {
    var dances = c.form.dances.length ? c.form.dances : [{ key: "", label: "" }];
    var dance = model.dance && dances.some(function (d) { return d.key === model.dance; }) ? model.dance : dances[0].key;
    model.dance = dance;
    if (dances.length > 1) {
      var bar = el("div", { class: "dances" });
      dances.forEach(function (d) {
        bar.appendChild(el("button", { type: "button", class: "q" + (d.key === dance ? " active" : ""), text: d.label, onclick: function () { model.dance = d.key; render(); } }));
      });
      work.appendChild(bar);
    }
    var key = ["p", c.id, dance].join(":");
    var sheet = model.sheets[key];
    var pending = pendingFor(function (p) { return p.category === c.id && p.placements && (p.dance || "") === dance; });
    var locked = !editable(c) || pending.length > 0 || (sheet && sheet.locked);
    var draftKey = c.id + ":" + dance;
    var order = model.draft[draftKey] = model.draft[draftKey] || [];
    var fixed = pending.length ? pending[pending.length - 1].payload.placements : sheet && sheet.placements;
    if (fixed && (locked || !order.length)) {
      order.length = 0;
      Object.keys(fixed).sort(function (a, b) { return fixed[a] - fixed[b]; }).forEach(function (id) { order.push(Number(id)); });
    }
    if (sheet || pending.length) work.appendChild(el("p", { class: "sheet-status", text: pending.length ? S.status_pending : S["status_" + sheet.status] }));
    work.appendChild(el("p", { class: "muted", text: S.place_hint }));
    var competing = c.entries.filter(function (e) { return e.status !== "withdrawn" && e.status !== "disqualified"; });
    var grid = el("div", { class: "placements" });
    competing.forEach(function (e) {
      var place = order.indexOf(e.id) + 1;
      grid.appendChild(el("button", {
        type: "button", class: "placer" + (place ? " placed" : ""), "data-entry": e.id, disabled: locked ? "disabled" : null,
        onclick: function () {
          if (locked) return;
          var i = order.indexOf(e.id);
          if (i >= 0) order.splice(i, 1); else order.push(e.id);
          render();
        },
      }, [el("span", { class: "place", text: place ? String(place) : "·" }), el("span", { class: "num", text: "№" + e.number }), el("span", { class: "name", text: e.name })]));
      if (!locked) grid.lastChild.removeAttribute("disabled");
    });
    work.appendChild(grid);
    if (!locked) {
      work.appendChild(el("div", { class: "actions big" }, [
        el("button", { type: "button", class: "secondary", text: S.clear, onclick: function () { order.length = 0; render(); } }),
        el("button", { type: "button", class: "submit", id: "submit", text: S.submit, onclick: function () {
          if (!order.length || (c.form.complete && order.length !== competing.length)) { toast(S.missing, true); return; }
          var placements = {};
          order.forEach(function (id, i) { placements[id] = i + 1; });
          var lines = order.map(function (id, i) { var e = entryOf(c, id); return (i + 1) + ". №" + e.number + " " + e.name; });
          confirmThen(c.label + (dance ? " · " + dance : ""), lines, function () {
            var payload = { category: c.id, placements: placements };
            if (dance) payload.dance = dance;
            enqueue(payload, c.label);
          });
        } }),
      ]));
    }
  }

  var watch = { started: null, elapsed: 0, timer: null };
  function drawMeasurements(c, work) {
    var e = entryOf(c, model.entry);
    if (!e) { work.appendChild(el("p", { class: "empty", text: S.choose_entry })); return; }
    work.appendChild(entryHeader(e));
    if (e.conflict) { work.appendChild(el("div", { class: "conflict-box" }, [el("strong", { text: S.conflict }), el("p", { text: e.conflict_reason || "" })])); return; }
    var rounds = c.form.rounds, attempts = c.form.attempts;
    var taken = function (r, a) {
      return model.sheets[["m", e.id, r, a].join(":")] || pendingFor(function (p) { return p.entry === e.id && p.round === r && p.attempt === a; })[0];
    };
    if (!model.ra || model.ra.entry !== e.id) {
      model.ra = { entry: e.id, round: 1, attempt: 1 };
      outer: for (var r = 1; r <= rounds; r++) for (var a = 1; a <= attempts; a++) if (!taken(r, a)) { model.ra.round = r; model.ra.attempt = a; break outer; }
    }
    var table = el("div", { class: "attempts" });
    for (var r2 = 1; r2 <= rounds; r2++) {
      for (var a2 = 1; a2 <= attempts; a2++) {
        (function (r, a) {
          var t = taken(r, a);
          var value = t ? (t.payload ? t.payload.value : t.value) : undefined;
          var unlocked = t && t.status === "unlocked";
          table.appendChild(el("button", {
            type: "button", class: "q attempt" + (model.ra.round === r && model.ra.attempt === a ? " active" : "") + (t ? " done" : ""),
            onclick: function () { if (!t || unlocked) { model.ra.round = r; model.ra.attempt = a; render(); } },
          }, [el("span", { class: "small", text: S.round + " " + r + " · " + S.attempt + " " + a }),
              el("strong", { text: t ? (value === null ? "✗" : String(value)) + (t.payload ? " ⧗" : "") : "—" })]));
        })(r2, a2);
      }
    }
    work.appendChild(table);
    if (!editable(c)) return;
    var cur = taken(model.ra.round, model.ra.attempt);
    if (cur && cur.status !== "unlocked") return;
    var display = el("output", { class: "stopwatch", text: (watch.elapsed / 1000).toFixed(1) });
    var input = el("input", { type: "text", inputmode: "decimal", id: "measured", class: "measured", placeholder: S.manual, "aria-label": S.manual });
    function tick() { var ms = watch.elapsed + (watch.started ? Date.now() - watch.started : 0); display.textContent = (ms / 1000).toFixed(1); input.value = (ms / 1000).toFixed(1); }
    var startStop = el("button", { type: "button", class: "big-btn", text: watch.started ? S.stop : S.start, onclick: function () {
      if (watch.started) { watch.elapsed += Date.now() - watch.started; watch.started = null; clearInterval(watch.timer); tick(); startStop.textContent = S.start; }
      else { watch.started = Date.now(); watch.timer = setInterval(tick, 100); startStop.textContent = S.stop; }
    } });
    var reset = el("button", { type: "button", class: "secondary big-btn", text: S.reset, onclick: function () { clearInterval(watch.timer); watch.started = null; watch.elapsed = 0; tick(); input.value = ""; startStop.textContent = S.start; } });
    work.appendChild(el("div", { class: "watch" }, [display, el("span", { text: S.seconds }), startStop, reset]));
    work.appendChild(input);
    function send(value) {
      var r = model.ra.round, a = model.ra.attempt;
      var text = value === null ? S.no_valid_value : String(value);
      confirmThen("№" + e.number + " " + e.name, [S.round + " " + r + ", " + S.attempt + " " + a + ": " + text], function () {
        enqueue({ entry: e.id, round: r, attempt: a, value: value }, "№" + e.number + " " + r + "." + a);
        reset.click();
        model.ra = null;
        render();
      });
    }
    work.appendChild(el("div", { class: "actions big" }, [
      el("button", { type: "button", class: "danger", text: S.no_valid, onclick: function () { send(null); } }),
      el("button", { type: "button", class: "submit", id: "submit", text: S.submit, onclick: function () {
        var v = Number(String(input.value).replace(",", "."));
        if (input.value === "" || !isFinite(v) || v < 0) { toast(S.not_a_number, true); return; }
        send(v);
      } }),
    ]));
  }

  function drawComparisons(c, work) {
    var competing = c.entries.filter(function (e) { return !e.conflict && e.status !== "withdrawn" && e.status !== "disqualified"; });
    model.pair = model.pair || [competing[0] && competing[0].id, competing[1] && competing[1].id];
    var done = Object.keys(model.sheets).filter(function (k) { return k.indexOf("c:") === 0 && model.sheets[k].category === c.id; }).length;
    work.appendChild(el("p", { class: "muted", text: fmt(S.comparisons_done, { count: done }) }));
    work.appendChild(el("h2", { text: S.which_better }));
    var cols = el("div", { class: "pair" });
    [0, 1].forEach(function (side) {
      var select = el("select", { class: "pick", "aria-label": side ? S.exhibit_b : S.exhibit_a });
      competing.forEach(function (e) {
        var o = el("option", { value: e.id, text: "№" + e.number + " " + e.name });
        if (e.id === model.pair[side]) o.selected = true;
        select.appendChild(o);
      });
      select.addEventListener("change", function () { model.pair[side] = Number(select.value); });
      var better = el("button", { type: "button", class: "submit", text: S.better, onclick: function () {
        var w = model.pair[side], l = model.pair[1 - side];
        if (!w || !l || w === l) { toast(S.pick_two, true); return; }
        var we = entryOf(c, w), le = entryOf(c, l);
        confirmThen(S.which_better, ["№" + we.number + " " + we.name + " > №" + le.number + " " + le.name], function () {
          enqueue({ category: c.id, winner: w, loser: l }, "№" + we.number + " > №" + le.number);
        });
      } });
      if (!editable(c)) better.disabled = true;
      cols.appendChild(el("div", { class: "side" }, [el("strong", { text: side ? S.exhibit_b : S.exhibit_a }), select, better]));
    });
    work.appendChild(cols);
  }

  function renderMine() {
    var box = $("my-sheets");
    box.innerHTML = "";
    var rows = [];
    model.state.categories.forEach(function (c) {
      Object.keys(model.sheets).forEach(function (k) {
        var s = model.sheets[k];
        if (s.category !== c.id) return;
        var e = entryOf(c, s.entry);
        var what = s.kind === "measurement" ? "№" + e.number + " · " + s.round + "." + s.attempt + ": " + (s.value === null ? "✗" : s.value)
          : s.kind === "comparison" ? "№" + (entryOf(c, s.winner) || {}).number + " > №" + (entryOf(c, s.loser) || {}).number
          : e ? "№" + e.number + " " + e.name + (s.marks ? " — " + Object.keys(s.marks).map(function (m) { return s.marks[m]; }).join(" / ") : "")
          : c.label + (s.dance ? " · " + s.dance : "");
        rows.push(el("li", { class: "st-" + s.status }, [el("span", { text: what }), el("span", { class: "tag", text: S["status_" + s.status] || s.status })]));
      });
    });
    outbox().forEach(function (i) { rows.push(el("li", { class: "st-pending" }, [el("span", { text: i.summary }), el("span", { class: "tag", text: S.status_pending })])); });
    if (!rows.length) { box.textContent = S.no_sheets; return; }
    box.appendChild(el("ul", { class: "sheet-list" }, rows));
  }

  /* ---------------------------------------------------------------- confirmation */
  function confirmThen(title, lines, action) {
    var dialog = $("confirm");
    var body = $("confirm-body");
    body.innerHTML = "";
    body.appendChild(el("p", { class: "big", text: title }));
    body.appendChild(el("ul", {}, lines.map(function (l) { return el("li", { text: l }); })));
    $("confirm-yes").onclick = function () { dialog.close(); action(); };
    $("confirm-no").onclick = function () { dialog.close(); };
    if (dialog.showModal) dialog.showModal(); else if (window.confirm(title + "\n" + lines.join("\n"))) action();
  }

  $("follow").addEventListener("change", function () {
    model.follow = $("follow").checked;
    savePrefs();
    if (model.follow && model.state) applyStage(model.state.stage, false);
    render();
  });
  model.follow = loadPrefs().follow !== false;
  // The browser knows the Wi-Fi is gone before the socket's ping times out: stop at once, so
  // marks go to the outbox instead of into a dead connection, and reconnect when it returns.
  window.addEventListener("offline", function () { socket.disconnect(); showStatus(); });
  window.addEventListener("online", function () { if (!socket.connected) socket.connect(); });
  window.addEventListener("storage", function (ev) { if (ev.key === OUTBOX_KEY) render(); });
  setInterval(flush, 5000);  // belt and braces: an outbox never waits for an event to be sent
  showStatus();
  window.tablet = { outbox: outbox, model: model, socket: socket };
})();
