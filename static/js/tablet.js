/* The judge's tablet: draws itself from the server's `state`, follows the stage, and keeps every
 * submission in a localStorage outbox until the server acknowledges it, so marks entered while
 * the Wi-Fi is down survive a reload or a browser restart and are sent by themselves later. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("tablet-config").textContent);
  var S = config.strings;
  var OUTBOX_KEY = "judging.outbox." + config.judge;
  var PREFS_KEY = "judging.prefs." + config.judge;
  var REFUSED_KEY = "judging.refused." + config.judge;
  var model = { state: null, category: null, entry: null, follow: true, sheets: {}, draft: {}, pairs: {}, grid: {} };
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
  /* An item leaves the outbox only once the server has answered it. Accepted: gone. Refused with
   * `closed` (the category is not open yet): it stays, marked held with the server's reason, and is
   * sent again when the category opens (a `category` push, a fresh `state`, a reconnect). Any other
   * refusal moves it, values and reason, to the refused list, also kept in localStorage, which the
   * judge sees until they correct the marks or remove them: nothing typed is dropped silently. */
  function outbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveOutbox(items) { localStorage.setItem(OUTBOX_KEY, JSON.stringify(items)); showStatus(); }
  function refusedList() {
    try { return JSON.parse(localStorage.getItem(REFUSED_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveRefused(items) { localStorage.setItem(REFUSED_KEY, JSON.stringify(items)); }
  function enqueue(payload, summary, lines, categoryId) {
    payload.client_id = uuid();
    var items = outbox();
    items.push({ payload: payload, summary: summary, lines: lines || [], category: categoryId, at: Date.now() });
    saveOutbox(items);
    render();
    flush();
  }
  // What a submission is about: a later accepted one for the same thing settles a refused one.
  function targetOf(p) {
    if (p.marks) return "e:" + p.entry;
    if (p.placements) return ["p", p.category, p.dance || ""].join(":");
    if (p.round !== undefined) return ["m", p.entry, p.round, p.attempt].join(":");
    if (p.winner !== undefined) return "c:" + p.category + ":" + [p.winner, p.loser].sort().join("-");
    return "";
  }
  // The category a performer is in now, as the last state says (the organiser may have moved them
  // since the mark was typed), else the one it was typed in.
  function itemCategory(item) {
    if (item.payload.category) return item.payload.category;
    var found = item.payload.entry !== undefined && model.state &&
      model.state.categories.find(function (c) { return entryOf(c, item.payload.entry); });
    return found ? found.id : item.category || null;
  }
  // Held items whose category may take them now go back in the queue.
  function release(mayOpen) {
    var items = outbox();
    var changed = false;
    items.forEach(function (i) { if (i.held && mayOpen(itemCategory(i))) { delete i.held; changed = true; } });
    if (changed) saveOutbox(items);
    flush();
  }
  var stale = false;  // a refusal may come from what the tablet does not know yet: ask for a fresh state
  function flush() {
    if (sending || !socket.connected) return;
    var item = outbox().find(function (i) { return !i.held; });
    if (!item) {
      if (stale) { stale = false; socket.emit("get_state", {}); }
      return;
    }
    sending = true;
    var id = item.payload.client_id;
    socket.timeout(15000).emit("submit", item.payload, function (err, ack) {
      sending = false;
      if (err) { setTimeout(flush, 2000); return; }  // no answer: keep it and try again
      var items = outbox();
      var error = ack && ack.ok ? null : (ack && ack.error) || { code: "invalid", message: "" };
      // Nothing was stored: the server is busy or cannot write now. Keep it, and send it again later.
      if (error && (error.code === "rate_limited" || error.code === "retry")) { setTimeout(flush, 3000); return; }
      if (error && error.code === "closed") {
        items.forEach(function (i) { if (i.payload.client_id === id) i.held = { code: error.code, message: error.message }; });
        saveOutbox(items);
        toast(S.held + ": " + item.summary);
      } else {
        saveOutbox(items.filter(function (i) { return i.payload.client_id !== id; }));
        if (!error) {
          var target = targetOf(item.payload);
          var refused = refusedList();
          var left = refused.filter(function (r) { return targetOf(r.payload) !== target; });
          if (left.length !== refused.length) saveRefused(left);
          if (!ack.duplicate) toast(S.accepted + ": " + item.summary);
        } else {
          var list = refusedList();
          list.push({ payload: item.payload, summary: item.summary, lines: item.lines || [], category: itemCategory(item),
                      error: { code: error.code, message: error.message || "" }, at: Date.now() });
          saveRefused(list);
          toast(S.refused + ": " + item.summary + " — " + (error.message || error.code), true);
        }
      }
      if (error) stale = true;
      render();
      flush();
    });
  }

  /* ---------------------------------------------------------------- connection */
  var auth = config.token ? { token: config.token } : { judge: config.judge };
  var socket = io("/judge", { transports: ["websocket", "polling"], auth: auth });
  // Back on line: held items are tried again too (the category may have opened meanwhile).
  socket.on("connect", function () { showStatus(); release(function () { return true; }); });
  socket.on("disconnect", function (reason) {
    showStatus();
    // The server hung up (too many messages, or a change of access): try again after a pause;
    // a tablet whose link was switched off is then refused, and says so.
    if (reason === "io server disconnect") setTimeout(function () { socket.connect(); }, 5000);
  });
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
    release(function (id) { var c = findCategory(id); return c && c.judging !== "closed"; });
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
    // Opened (or finalised): marks held while it was closed are sent now; the server decides.
    if (info.judging !== "closed") release(function (id) { return id === info.category; });
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
      var pending = pendingFor(function (p) { return p.entry === e.id; });
      if (pending.length) return pending[pending.length - 1].held ? "held" : "pending";
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

  /* The values a criterion takes, as the contract has them: min, min + step, min + 2·step, ... not
   * beyond max. Counted in whole units of the finest decimal in min, max and step, so that a 0.1
   * step gives 0.3, never 0.30000000000000004. Without a step any number in [min, max] is a mark
   * (the server's check_marks takes it as it is). */
  function decimalsOf(x) {
    var s = String(x);
    var exp = s.match(/e-(\d+)$/);
    if (exp) return Number(exp[1]) + ((s.split("e")[0].split(".")[1] || "").length);
    var dot = s.indexOf(".");
    return dot < 0 ? 0 : s.length - dot - 1;
  }
  function scaleOf(values) { return Math.pow(10, Math.max.apply(null, values.map(decimalsOf))); }
  function gridOf(cr) {
    var f = scaleOf([cr.min, cr.max, cr.step]);
    var lo = Math.round(cr.min * f), st = Math.round(cr.step * f), hi = Math.round(cr.max * f);
    var last = Math.floor((hi - lo) / st);
    return {
      last: last,
      at: function (k) { return (lo + Math.min(last, Math.max(0, k)) * st) / f; },
      index: function (v) { return Math.min(last, Math.max(0, Math.round((Math.round(v * f) - lo) / st))); },
    };
  }
  // Quick buttons: every value of the grid, or every 2nd, 5th, 10th... so that at most 11 show.
  function quickValues(cr) {
    var values = [];
    if (cr.step) {
      var g = gridOf(cr);
      var choices = [];
      for (var p = 1; p <= g.last; p *= 10) choices.push(p, 2 * p, 5 * p);
      var every = choices.find(function (m) { return Math.floor(g.last / m) + 1 <= 11; }) || Math.max(1, g.last);
      for (var k = 0; k <= g.last; k += every) values.push(g.at(k));
    } else if (cr.max - cr.min <= 10) {
      for (var v = Math.ceil(cr.min); v <= cr.max; v++) values.push(v);
    }
    return values;
  }
  function parseNumber(text) {
    var t = String(text).trim().replace(",", ".");
    return t !== "" && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
  }

  function pendingNote(pending) {
    var last = pending[pending.length - 1];
    if (last.held) {
      return el("div", { class: "sheet-status st-held" }, [el("strong", { text: S.status_held }), el("div", { class: "small", text: last.held.message })]);
    }
    return el("p", { class: "sheet-status st-pending", text: S.status_pending });
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
    if (pending.length) work.appendChild(pendingNote(pending));
    else if (sheet) work.appendChild(el("p", { class: "sheet-status st-" + sheet.status, text: S["status_" + sheet.status] }));
    c.form.criteria.forEach(function (cr) {
      var stepped = !!cr.step;
      var g = stepped ? gridOf(cr) : null;
      var row = el("div", { class: "criterion", "data-criterion": cr.key });
      var shownValue = draft[cr.key] === undefined ? "" : String(draft[cr.key]);
      var value = stepped
        ? el("output", { class: "value", text: shownValue || "—" })
        : el("input", { type: "text", inputmode: "decimal", class: "value free", value: shownValue, "aria-label": cr.label, placeholder: "—" });
      function set(v) {
        if (stepped) v = g.at(g.index(v));
        else v = Math.min(cr.max, Math.max(cr.min, v));
        draft[cr.key] = v;
        if (stepped) value.textContent = String(v);
        else { value.value = String(v); value.classList.remove("bad"); }
        total(); quick();
      }
      // − from nothing starts at the top, + at the bottom; a criterion without a step moves by 1.
      function nudge(dir) {
        var cur = draft[cr.key];
        if (stepped) set(cur === undefined ? g.at(dir > 0 ? 0 : g.last) : g.at(g.index(cur) + dir));
        else set(cur === undefined ? (dir > 0 ? cr.min : cr.max) : Number((cur + dir).toFixed(decimalsOf(cur))));
      }
      var minus = el("button", { type: "button", class: "step minus", "aria-label": "−", text: "−", onclick: function () { nudge(-1); } });
      var plus = el("button", { type: "button", class: "step plus", "aria-label": "+", text: "+", onclick: function () { nudge(1); } });
      if (!stepped) {
        // Typed marks count as they are typed (a redraw must not lose them); a wrong one is said on leaving.
        value.addEventListener("input", function () {
          var v = parseNumber(value.value);
          if (isFinite(v) && v >= cr.min && v <= cr.max) draft[cr.key] = v; else delete draft[cr.key];
          value.classList.remove("bad"); total(); quick();
        });
        value.addEventListener("change", function () {
          var v = parseNumber(value.value);
          if (value.value.trim() === "") { delete draft[cr.key]; total(); quick(); return; }
          if (!isFinite(v) || v < cr.min || v > cr.max) {
            delete draft[cr.key]; value.classList.add("bad"); total(); quick();
            toast(fmt(S.between, { min: cr.min, max: cr.max }), true);
            return;
          }
          set(v);
        });
      }
      var quickRow = el("div", { class: "quick" });
      function quick() {
        Array.prototype.forEach.call(quickRow.children, function (b) { b.classList.toggle("active", Number(b.dataset.v) === draft[cr.key]); });
      }
      quickValues(cr).forEach(function (v) {
        quickRow.appendChild(el("button", { type: "button", class: "q", "data-v": String(v), text: String(v), onclick: function () { set(v); } }));
      });
      if (locked) { minus.disabled = plus.disabled = true; if (!stepped) value.disabled = true; Array.prototype.forEach.call(quickRow.children, function (b) { b.disabled = true; }); }
      var range = cr.min + "–" + cr.max + (stepped ? " · " + fmt(S.step_of, { step: cr.step }) : "");
      row.appendChild(el("div", { class: "crit-label" }, [el("span", { text: cr.label }), el("span", { class: "muted small", text: range })]));
      row.appendChild(el("div", { class: "stepper" }, [minus, value, plus]));
      row.appendChild(quickRow);
      work.appendChild(row);
      quick();
    });
    var totalLine = el("p", { class: "total" });
    function total() {
      var keys = c.form.criteria.map(function (cr) { return cr.key; });
      var have = keys.filter(function (k) { return draft[k] !== undefined; });
      var f = scaleOf(have.map(function (k) { return draft[k]; }).concat([0]));
      var sum = have.reduce(function (a, k) { return a + Math.round(draft[k] * f); }, 0) / f;
      totalLine.textContent = have.length === keys.length ? S.total + ": " + (Math.round(sum / keys.length * 100) / 100) + " (Σ " + sum + ")" : "";
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
          enqueue({ entry: e.id, marks: marks }, "№" + e.number + " " + e.name, lines, c.id);
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

  function competingOf(c) { return c.entries.filter(function (e) { return e.status !== "withdrawn" && e.status !== "disqualified"; }); }
  // The entries this judge does not judge, each with the reason the organisers recorded.
  function conflictList(entries) {
    return el("ul", { class: "conflicts" }, entries.map(function (e) {
      return el("li", { "data-entry": e.id }, [el("strong", { text: "№" + e.number + " " + e.name }), e.conflict_reason ? " — " + e.conflict_reason : ""]);
    }));
  }

  function drawPlacements(c, work) {
    var competing = competingOf(c);
    var conflicted = competing.filter(function (e) { return e.conflict; });
    if (c.form.complete && conflicted.length) {
      // Skating: every judge places every finalist, so a judge with a conflict cannot place this
      // final at all; the chair decides (another judge, or a panel without this one).
      work.appendChild(el("div", { class: "conflict-box", id: "cannot-place" }, [
        el("strong", { text: S.cannot_place }), el("p", { text: S.chair_decides }), conflictList(conflicted),
      ]));
      return;
    }
    var placeable = competing.filter(function (e) { return !e.conflict; });
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
    if (!locked) {  // an entry that left the running order, or that the judge must not rank, leaves the order
      var ids = placeable.map(function (e) { return e.id; });
      for (var i = order.length - 1; i >= 0; i--) if (ids.indexOf(order[i]) < 0) order.splice(i, 1);
    }
    if (pending.length) work.appendChild(pendingNote(pending));
    else if (sheet) work.appendChild(el("p", { class: "sheet-status st-" + sheet.status, text: S["status_" + sheet.status] }));
    work.appendChild(el("p", { class: "muted", text: S.place_hint }));
    var grid = el("div", { class: "placements" });
    placeable.forEach(function (e) {
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
    if (conflicted.length) {
      work.appendChild(el("div", { class: "conflict-box small-box", id: "not-ranked" }, [el("strong", { text: S.conflicts_left_out }), conflictList(conflicted)]));
    }
    if (!locked) {
      work.appendChild(el("div", { class: "actions big" }, [
        el("button", { type: "button", class: "secondary", text: S.clear, onclick: function () { order.length = 0; render(); } }),
        el("button", { type: "button", class: "submit", id: "submit", text: S.submit, onclick: function () {
          if (!order.length || (c.form.complete && order.length !== placeable.length)) { toast(S.missing, true); return; }
          var placements = {};
          order.forEach(function (id, i) { placements[id] = i + 1; });
          var lines = order.map(function (id, i) { var e = entryOf(c, id); return (i + 1) + ". №" + e.number + " " + e.name; });
          var danceLabel = dance ? (dances.find(function (d) { return d.key === dance; }) || {}).label || dance : "";
          var title = c.label + (danceLabel ? " · " + danceLabel : "");
          confirmThen(title, lines, function () {
            var payload = { category: c.id, placements: placements };
            if (dance) payload.dance = dance;
            enqueue(payload, title, lines, c.id);
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
    var taken = function (r, a) {
      return model.sheets[["m", e.id, r, a].join(":")] || pendingFor(function (p) { return p.entry === e.id && p.round === r && p.attempt === a; })[0];
    };
    // As many rounds and attempts as the params imply, as many as were recorded, as many as added here.
    var limit = c.form.max_rounds || 20;
    var grid = model.grid[c.id] = model.grid[c.id] || { rounds: 0, attempts: 0 };
    var rounds = Math.max(c.form.rounds, grid.rounds), attempts = Math.max(c.form.attempts, grid.attempts);
    Object.keys(model.sheets).map(function (k) { return model.sheets[k]; }).concat(outbox().map(function (i) { return i.payload; }))
      .forEach(function (m) {
        if (m.entry === e.id && m.round !== undefined && (m.kind === "measurement" || m.kind === undefined)) {
          rounds = Math.max(rounds, m.round); attempts = Math.max(attempts, m.attempt);
        }
      });
    rounds = Math.min(rounds, limit); attempts = Math.min(attempts, limit);
    if (!model.ra || model.ra.entry !== e.id) {
      model.ra = { entry: e.id, round: 1, attempt: 1 };
      outer: for (var r = 1; r <= rounds; r++) for (var a = 1; a <= attempts; a++) if (!taken(r, a)) { model.ra.round = r; model.ra.attempt = a; break outer; }
    }
    // A round to a line while that fits; more attempts than that wrap.
    var table = el("div", { class: "attempts", style: attempts <= 4 ? "grid-template-columns: repeat(" + attempts + ", minmax(7.5rem, 1fr))" : null });
    for (var r2 = 1; r2 <= rounds; r2++) {
      for (var a2 = 1; a2 <= attempts; a2++) {
        (function (r, a) {
          var t = taken(r, a);
          var value = t ? (t.payload ? t.payload.value : t.value) : undefined;
          var unlocked = t && t.status === "unlocked";
          table.appendChild(el("button", {
            type: "button", "data-round": r, "data-attempt": a,
            class: "q attempt" + (model.ra.round === r && model.ra.attempt === a ? " active" : "") + (t ? " done" : "") + (t && t.held ? " held" : ""),
            onclick: function () { if (!t || unlocked) { model.ra = { entry: e.id, round: r, attempt: a }; render(); } },
          }, [el("span", { class: "small", text: S.round + " " + r + " · " + S.attempt + " " + a }),
              el("strong", { text: t ? (value === null ? "✗" : String(value)) + (t.payload ? " ⧗" : "") : "—" })]));
        })(r2, a2);
      }
    }
    work.appendChild(table);
    var held = pendingFor(function (p) { return p.entry === e.id && p.round !== undefined; }).filter(function (i) { return i.held; });
    if (held.length) work.appendChild(pendingNote(held));
    if (!editable(c)) return;
    var more = el("div", { class: "actions grow" });
    if (rounds < limit) more.appendChild(el("button", { type: "button", class: "secondary", id: "add-round", text: S.add_round, onclick: function () { grid.rounds = rounds + 1; render(); } }));
    if (attempts < limit) more.appendChild(el("button", { type: "button", class: "secondary", id: "add-attempt", text: S.add_attempt, onclick: function () { grid.attempts = attempts + 1; render(); } }));
    work.appendChild(more);
    var cur = taken(model.ra.round, model.ra.attempt);
    if (cur && cur.status !== "unlocked") return;
    var display = el("output", { class: "stopwatch", text: (watch.elapsed / 1000).toFixed(1) });
    var input = el("input", { type: "text", inputmode: "decimal", id: "measured", class: "measured", placeholder: S.manual, "aria-label": S.manual });
    if (model.ra.value !== undefined && model.ra.value !== null) input.value = String(model.ra.value);  // a refused value brought back
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
      var lines = [S.round + " " + r + ", " + S.attempt + " " + a + ": " + text];
      confirmThen("№" + e.number + " " + e.name, lines, function () {
        enqueue({ entry: e.id, round: r, attempt: a, value: value }, "№" + e.number + " " + e.name + " · " + r + "." + a, lines, c.id);
        reset.click();
        model.ra = null;
        render();
      });
    }
    work.appendChild(el("div", { class: "actions big" }, [
      el("button", { type: "button", class: "danger", text: S.no_valid, onclick: function () { send(null); } }),
      el("button", { type: "button", class: "submit", id: "submit", text: S.submit, onclick: function () {
        var v = parseNumber(input.value);
        if (!isFinite(v) || v < 0) { toast(S.not_a_number, true); return; }
        send(v);
      } }),
    ]));
  }

  function drawComparisons(c, work) {
    var competing = competingOf(c);
    var allowed = competing.filter(function (e) { return !e.conflict; });
    var conflicted = competing.filter(function (e) { return e.conflict; });
    var ids = allowed.map(function (e) { return e.id; });
    // The pair on show belongs to this category: another category's pair (or an exhibit that left) starts afresh.
    var pair = model.pairs[c.id];
    if (!pair || ids.indexOf(pair[0]) < 0 || ids.indexOf(pair[1]) < 0) pair = model.pairs[c.id] = [ids[0], ids[1]];
    var done = Object.keys(model.sheets).filter(function (k) { return k.indexOf("c:") === 0 && model.sheets[k].category === c.id; }).length;
    work.appendChild(el("p", { class: "muted", text: fmt(S.comparisons_done, { count: done }) }));
    work.appendChild(el("h2", { text: S.which_better }));
    var cols = el("div", { class: "pair" });
    [0, 1].forEach(function (side) {
      var select = el("select", { class: "pick", "aria-label": side ? S.exhibit_b : S.exhibit_a });
      allowed.forEach(function (e) {
        var o = el("option", { value: e.id, text: "№" + e.number + " " + e.name });
        if (e.id === pair[side]) o.selected = true;
        select.appendChild(o);
      });
      select.addEventListener("change", function () { pair[side] = Number(select.value); });
      var better = el("button", { type: "button", class: "submit", text: S.better, onclick: function () {
        var w = pair[side], l = pair[1 - side];
        var we = entryOf(c, w), le = entryOf(c, l);
        if (!we || !le || w === l) { toast(S.pick_two, true); return; }
        var lines = ["№" + we.number + " " + we.name + " > №" + le.number + " " + le.name];
        confirmThen(S.which_better, lines, function () {
          enqueue({ category: c.id, winner: w, loser: l }, "№" + we.number + " > №" + le.number, lines, c.id);
        });
      } });
      if (!editable(c)) better.disabled = true;
      cols.appendChild(el("div", { class: "side" }, [el("strong", { text: side ? S.exhibit_b : S.exhibit_a }), select, better]));
    });
    work.appendChild(cols);
    var pending = pendingFor(function (p) { return p.category === c.id && p.winner !== undefined; }).filter(function (i) { return i.held; });
    if (pending.length) work.appendChild(pendingNote(pending));
    if (conflicted.length) {
      work.appendChild(el("div", { class: "conflict-box small-box", id: "not-compared" }, [el("strong", { text: S.conflicts_left_out }), conflictList(conflicted)]));
    }
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
        var what = s.kind === "measurement" ? "№" + (e || {}).number + " · " + s.round + "." + s.attempt + ": " + (s.value === null ? "✗" : s.value)
          : s.kind === "comparison" ? "№" + (entryOf(c, s.winner) || {}).number + " > №" + (entryOf(c, s.loser) || {}).number
          : e ? "№" + e.number + " " + e.name + (s.marks ? " — " + Object.keys(s.marks).map(function (m) { return s.marks[m]; }).join(" / ") : "")
          : c.label + (s.dance ? " · " + s.dance : "");
        rows.push(el("li", { class: "st-" + s.status }, [el("span", { text: what }), el("span", { class: "tag", text: S["status_" + s.status] || s.status })]));
      });
    });
    outbox().forEach(function (i) {
      rows.push(el("li", { class: i.held ? "st-held" : "st-pending", "data-client": i.payload.client_id }, [
        el("span", {}, [el("span", { text: i.summary }), i.held ? el("span", { class: "why small", text: i.held.message }) : null]),
        el("span", { class: "tag", text: i.held ? S.status_held : S.status_pending }),
      ]));
    });
    if (!rows.length) box.textContent = S.no_sheets;
    else box.appendChild(el("ul", { class: "sheet-list" }, rows));
    renderRefused();
  }

  // Marks the server did not take, with its reason and the values as they were typed: the judge
  // brings them back into the form to correct them, or removes them from the list.
  function renderRefused() {
    var box = $("refused");
    var list = refusedList();
    box.innerHTML = "";
    box.hidden = !list.length;
    if (!list.length) return;
    box.appendChild(el("h2", { text: S.refused_title }));
    box.appendChild(el("p", { class: "small", text: S.refused_hint }));
    box.appendChild(el("ul", { class: "refused-list" }, list.map(function (r) {
      var id = r.payload.client_id;
      return el("li", { "data-client": id, "data-code": r.error.code }, [
        el("div", { class: "what" }, [el("strong", { text: r.summary }), el("div", { class: "why", text: r.error.message || r.error.code }),
          el("ul", { class: "values" }, (r.lines || []).map(function (l) { return el("li", { text: l }); }))]),
        el("div", { class: "actions" }, [
          el("button", { type: "button", class: "secondary reopen", text: S.refused_correct, onclick: function () { reopen(r); } }),
          el("button", { type: "button", class: "secondary dismiss", text: S.refused_dismiss, onclick: function () {
            saveRefused(refusedList().filter(function (x) { return x.payload.client_id !== id; }));
            render();
          } }),
        ]),
      ]);
    })));
  }

  // Put a refused submission's values back where they were typed (it stays listed until settled).
  function reopen(r) {
    var p = r.payload;
    var c = findCategory(r.category);
    if (!c) { toast(S.not_on_panel, true); return; }
    model.category = c.id;
    model.follow = false;
    savePrefs();
    if (p.marks) {
      model.entry = p.entry;
      model.draft[p.entry] = {};
      Object.keys(p.marks).forEach(function (k) { model.draft[p.entry][k] = Number(p.marks[k]); });
    } else if (p.placements) {
      model.dance = p.dance || "";
      model.draft[c.id + ":" + (p.dance || "")] = Object.keys(p.placements)
        .sort(function (a, b) { return p.placements[a] - p.placements[b]; }).map(Number);
    } else if (p.round !== undefined) {
      model.entry = p.entry;
      model.ra = { entry: p.entry, round: p.round, attempt: p.attempt, value: p.value };
    } else if (p.winner !== undefined) {
      model.pairs[c.id] = [p.winner, p.loser];
    }
    render();
    $("work").scrollIntoView({ block: "start" });
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
  window.addEventListener("storage", function (ev) { if (ev.key === OUTBOX_KEY || ev.key === REFUSED_KEY) render(); });
  setInterval(flush, 5000);  // belt and braces: an outbox never waits for an event to be sent
  showStatus();
  window.tablet = { outbox: outbox, model: model, socket: socket };
})();
