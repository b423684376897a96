/* The chair's console: the matrix drawn from the page's data, then kept live by `matrix` pushes
 * on /judge (the chair room). Clicking a submitted cell opens the unlock form (reason required). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("console-config").textContent);
  var S = config.strings;
  var data = config.matrix;
  var stage = { category: null, entry: null };

  function el(tag, cls, text) { var n = document.createElement(tag); if (cls) n.className = cls; if (text !== undefined && text !== null) n.textContent = text; return n; }

  function drawHead() {
    var head = document.getElementById("matrix-head");
    head.innerHTML = "";
    head.appendChild(el("th", "", "№"));
    head.appendChild(el("th", "", ""));
    data.columns.forEach(function (c) { head.appendChild(el("th", "num", c.label)); });
    ["Σ", "#", "★", "k/n"].forEach(function (text) { head.appendChild(el("th", "num", text)); });
    head.lastChild.title = S.sheets;
  }

  function cellNode(row, col) {
    var cell = row.cells[col.key] || { status: "waiting" };
    var td = el("td", "cell num st-" + cell.status + (cell.outlier ? " outlier" : ""));
    td.dataset.status = cell.status;
    td.title = (S[cell.status] || cell.status) + (cell.reason ? ": " + cell.reason : "") + (cell.outlier ? " · " + S.outlier : "");
    if (cell.total !== undefined) {
      td.appendChild(el("span", "t", cell.total));
      td.appendChild(el("span", "m", Object.keys(cell.marks).map(function (k) { return cell.marks[k]; }).join(" · ")));
    } else if (cell.value !== undefined && cell.value !== null) {
      td.appendChild(el("span", "t", String(cell.value)));
    } else {
      td.textContent = cell.status === "abstained" ? "—" : "…";
    }
    if (cell.status === "submitted" || cell.status === "corrected") {
      var target = cell.sheet ? { url: config.unlock_url, id: cell.sheet } : cell.measurement ? { url: config.unlock_measurement_url, id: cell.measurement } : null;
      if (target && data.judging !== "finalised") {
        td.addEventListener("click", function () { openUnlock(target, "№" + row.number + " · " + col.label); });
      }
    }
    return td;
  }

  function rowNode(row) {
    var tr = el("tr");
    tr.dataset.entry = row.entry;
    if (stage.entry === row.entry) tr.className = "on-stage";
    tr.appendChild(el("td", "num", String(row.number)));
    var name = el("td", "", row.name);
    if (row.status !== "registered" && row.status !== "performed") name.appendChild(el("span", "tag", (S.entry_status || {})[row.status] || row.status));
    tr.appendChild(name);
    data.columns.forEach(function (col) { tr.appendChild(cellNode(row, col)); });
    var st = (data.standings.rows || {})[String(row.entry)] || {};
    tr.appendChild(el("td", "num", st.score === undefined || st.score === null ? "" : st.score));
    tr.appendChild(el("td", "num", st.place ? (st.place_to && st.place_to !== st.place ? st.place + "–" + st.place_to : String(st.place)) : ""));
    tr.appendChild(el("td", "", st.award ? (config.award_labels[st.award] || st.award) : ""));
    var short = st.panel && (st.sheets || 0) < st.panel;
    tr.appendChild(el("td", "num sheets" + (short ? " incomplete" : ""), st.panel ? (st.sheets || 0) + "/" + st.panel : ""));
    return tr;
  }

  // The note «provisional results» follows finalise and reopen without a reload.
  function drawProvisional() {
    var note = document.getElementById("provisional-note");
    if (note) note.hidden = !data.provisional;
  }

  // The server words a refusal in every language; otherwise the rule's own text (English) goes in
  // as the details of a sentence in the page's language.
  function ruleError(error) {
    var worded = (error.texts || {})[document.documentElement.lang];
    if (worded) return worded;
    var template = (S.rule_errors || {})[error.code] || (S.rule_errors || {}).other;
    return template ? template.replace("%(details)s", error.message || "") : error.message;
  }

  function drawBody(changed) {
    var body = document.getElementById("matrix-body");
    body.innerHTML = "";
    data.rows.forEach(function (row) {
      var tr = rowNode(row);
      if (changed && changed.indexOf(row.entry) >= 0) tr.classList.add("flash");
      body.appendChild(tr);
    });
    var warn = document.getElementById("warnings");
    warn.innerHTML = "";
    if (data.standings.error) warn.appendChild(el("div", "flash flash-error", ruleError(data.standings.error)));
    // One line per kind of warning, naming the entries by running number (the rule speaks in ids).
    var numbers = {}, grouped = {}, order = [];
    data.rows.forEach(function (row) { numbers[String(row.entry)] = "№" + row.number; });
    (data.standings.warnings || []).forEach(function (w) {
      var template = (S.warnings || {})[w.code];
      if (!template) { warn.appendChild(el("div", "flash flash-warning", w.message)); return; }
      if (!grouped[w.code]) { grouped[w.code] = []; order.push(w.code); }
      var label = numbers[String(w.entry)] || String(w.entry);
      if (grouped[w.code].indexOf(label) < 0) grouped[w.code].push(label);
    });
    order.forEach(function (code) {
      warn.appendChild(el("div", "flash flash-warning", S.warnings[code].replace("%(entries)s", grouped[code].join(", "))));
    });
  }

  function openUnlock(target, what) {
    var form = document.getElementById("unlock-form");
    form.action = target.url.replace(/\/0\/unlock$/, "/" + target.id + "/unlock");
    document.getElementById("unlock-what").textContent = what;
    form.hidden = false;
    document.getElementById("reason").focus();
  }
  document.getElementById("unlock-cancel").addEventListener("click", function () { document.getElementById("unlock-form").hidden = true; });

  function live(on) {
    var tag = document.getElementById("live");
    tag.textContent = on ? S.connected : S.disconnected;
    tag.className = "tag " + (on ? "tag-live" : "tag-error");
  }

  var socket = io("/judge", { transports: ["websocket", "polling"], auth: { console: config.edition } });
  socket.on("connect", function () {
    live(true);
    socket.emit("get_matrix", { category: config.category }, function (ack) {
      if (ack && ack.ok) { data = ack.matrix; drawHead(); drawBody(); drawProvisional(); }
    });
  });
  socket.on("disconnect", function (reason) {
    live(false);
    // The server hung up (a change of access): try again after a pause; refused if access is gone.
    if (reason === "io server disconnect") setTimeout(function () { socket.connect(); }, 5000);
  });
  socket.on("connect_error", function () { live(false); });
  socket.on("matrix", function (update) {
    if (update.category !== config.category) return;
    if (update.columns) { data.columns = update.columns; drawHead(); }
    data.judging = update.judging;
    data.provisional = update.provisional;
    data.standings = update.standings;
    var changed = update.rows.map(function (r) { return r.entry; });
    data.rows = data.rows.map(function (row) { return update.rows.find(function (r) { return r.entry === row.entry; }) || row; });
    drawBody(changed);
    drawProvisional();
  });
  socket.on("stage", function (s) { stage = s; drawBody(); });
  drawHead();
  drawBody();
  live(false);
})();
