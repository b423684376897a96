/* The hall screen: what it shows comes only from the /board watch ack and the pushes after it.
 * After a reload or a reconnect the ack alone redraws everything (stage, standings, ceremony).
 * Until the jury finalises, a category's standings say «provisional» and each row shows the
 * sheets it rests on of its panel ("3/7"); the award shows only when the server sent one. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("screen-config").textContent);
  var LANGS = config.languages, T = config.texts;
  var ROTATE_MS = config.rotate * 1000, REVEAL_DRUM_MS = 3200, REVEAL_HOLD_MS = 9000;

  var state = { stage: null, standings: {}, reveals: {}, order: [], current: null };
  var rotateTimer = null, revealQueue = [], revealBusy = false;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }
  /* A text in each of the screen's languages, stacked: the first large, the second smaller. */
  function multi(dict, cls) {
    var box = el("span", "multi " + (cls || ""));
    if (!dict) return box;
    var seen = {};
    LANGS.forEach(function (code, i) {
      var text = dict[code];
      if (!text || seen[text]) return;  // the same words in both languages are shown once
      seen[text] = true;
      var part = el("span", "lang-" + (i + 1), text);
      part.lang = code;
      box.appendChild(part);
    });
    return box;
  }
  function word(key) { return multi(T[key]); }
  function placeText(r) {
    if (r.place == null) return "";
    return r.place_to && r.place_to !== r.place ? r.place + "–" + r.place_to : String(r.place);
  }
  function scoreText(score) {
    if (score == null) return "";
    return (Math.round(score * 100) / 100).toString();
  }

  /* ---- the stage ---- */
  function renderStage() {
    var body = $("stage-body"), s = state.stage;
    body.textContent = "";
    if (!s || !s.entry) {
      body.appendChild(el("div", "stage-empty")).appendChild(word("next_up"));
      return;
    }
    var top = el("div", "stage-number", "№ " + s.number);
    body.appendChild(top);
    body.appendChild(el("div", "stage-name", s.name));
    if (s.institution) body.appendChild(el("div", "stage-institution", s.institution));
    var label = s.label;
    if (label) body.appendChild(el("div", "stage-category")).appendChild(multi(label));
    body.classList.remove("enter"); void body.offsetWidth; body.classList.add("enter");
  }

  /* ---- the rotating board: ceremonies first, then live, published and frozen standings ---- */
  function panels() {
    var list = [];
    Object.keys(state.reveals).forEach(function (id) { list.push("reveal:" + id); });
    Object.keys(state.standings).forEach(function (id) { list.push("standings:" + id); });
    return list;
  }

  function rowNode(r, opts) {
    var row = el("div", "row");
    var short = opts.provisional && r.panel && (r.sheets || 0) < r.panel;
    if (opts.places) {
      var badge = el("div", "place", placeText(r));
      // a medal colour reads as an award: none for a row that still waits for sheets
      if (r.place && r.place <= 3 && !short) badge.classList.add("place-" + r.place);
      row.appendChild(badge);
    }
    row.appendChild(el("div", "name", r.name));
    var award = r.award_label || (opts.labels && opts.labels[r.award]);  // standings carry the labels once
    row.appendChild(award ? multi(award, "award award-" + r.award) : el("div", "award"));
    if (opts.places) row.appendChild(el("div", "score", scoreText(r.score)));
    if (opts.provisional) {
      row.appendChild(el("div", "sheets" + (short ? " short" : ""), r.panel ? (r.sheets || 0) + "/" + r.panel : ""));
    }
    row.dataset.entry = r.entry;
    return row;
  }

  function moreText(count) {
    var dict = {};
    LANGS.forEach(function (code) { dict[code] = (T.and_more[code] || "").replace("{count}", count); });
    return dict;
  }

  /* Show as many rows as fit without scrolling (the top of the standings); say how many more. */
  function fit(container) {
    var limit = container.clientHeight + 1;
    var kids = Array.prototype.slice.call(container.querySelectorAll(".row"));
    if (container.scrollHeight <= limit) return;
    var more = el("div", "more");
    container.appendChild(more);
    var hidden = 0;
    while (kids.length > 1 && container.scrollHeight > limit) {
      container.removeChild(kids.pop());
      hidden += 1;
      more.textContent = "";
      more.appendChild(multi(moreText(hidden)));
    }
  }

  function renderBoard(changed) {
    var list = panels();
    state.order = list;
    if (list.indexOf(state.current) < 0) state.current = list[0] || null;
    var kind = $("board-kind"), title = $("board-title"), rowsBox = $("board-rows"), dots = $("board-dots");
    kind.textContent = ""; title.textContent = ""; rowsBox.textContent = ""; dots.textContent = "";
    var board = $("board");
    board.className = "board-panel";
    if (!state.current) {
      board.classList.add("board-empty");
      rowsBox.appendChild(el("div", "nothing")).appendChild(word("nothing"));
      return;
    }
    var parts = state.current.split(":"), what = parts[0], id = parts[1];
    var payload = what === "reveal" ? state.reveals[id] : state.standings[id];
    var places = payload.show_places !== false;
    var rows;
    if (what === "reveal") {
      board.classList.add("board-ceremony");
      kind.appendChild(word("ceremony"));
      rows = payload.rows.slice().reverse();  // the latest announced, the highest, on top
    } else {
      board.classList.add("board-" + payload.visibility);
      kind.appendChild(el("span", "dot"));
      kind.appendChild(word(payload.visibility));
      if (payload.provisional) {
        board.classList.add("board-provisional");
        kind.appendChild(el("span", "provisional-mark")).appendChild(word("provisional"));
      }
      rows = payload.rows;
    }
    title.appendChild(multi(payload.label));
    if (!places) board.classList.add("no-places");
    rows.forEach(function (r) {
      var node = rowNode(r, { places: places, labels: payload.award_labels, provisional: what !== "reveal" && payload.provisional });
      if (changed && changed[r.entry]) node.classList.add("changed");
      rowsBox.appendChild(node);
    });
    if (!rows.length) rowsBox.appendChild(el("div", "nothing")).appendChild(word("nothing"));
    fit(rowsBox);
    if (list.length > 1) {
      list.forEach(function (key) {
        dots.appendChild(el("span", key === state.current ? "on" : ""));
      });
    }
    rowsBox.classList.remove("enter"); void rowsBox.offsetWidth; rowsBox.classList.add("enter");
  }

  function rotate() {
    var list = state.order;
    if (list.length > 1) {
      var i = list.indexOf(state.current);
      state.current = list[(i + 1) % list.length];
      renderBoard(null);
    }
  }
  function restartRotation() {
    if (rotateTimer) clearInterval(rotateTimer);
    rotateTimer = setInterval(function () { if (!revealBusy) rotate(); }, ROTATE_MS);
  }

  /* ---- pushes ---- */
  function onStandings(msg) {
    var id = String(msg.category);
    if (msg.visibility !== "live" && msg.visibility !== "published" && msg.visibility !== "frozen") {
      delete state.standings[id];  // hidden: drop everything about it
      renderBoard(null);
      return;
    }
    var known = state.standings[id];
    // Two server processes may deliver out of order: an older version never replaces a newer one.
    if (known && known.visibility === msg.visibility && known.version != null && msg.version < known.version) return;
    var before = {}, changed = {};
    (known ? known.rows : []).forEach(function (r) { before[r.entry] = r; });
    msg.rows.forEach(function (r) {
      var old = before[r.entry];
      if (!old || old.score !== r.score || old.place !== r.place || old.award !== r.award || old.sheets !== r.sheets) changed[r.entry] = true;
    });
    state.standings[id] = msg;
    if (!revealBusy) { state.current = "standings:" + id; restartRotation(); }
    renderBoard(changed);
  }

  function onReveal(msg) {
    var id = String(msg.category);
    if (msg.reset || !msg.rows) {
      delete state.reveals[id];
      renderBoard(null);
      return;
    }
    state.reveals[id] = msg;
    if (msg.row) { revealQueue.push(msg); playReveals(); } else { renderBoard(null); }
  }

  /* The ceremony: a drum roll, then the award and the name; one step at a time. */
  function playReveals() {
    if (revealBusy || !revealQueue.length) return;
    revealBusy = true;
    var msg = revealQueue.shift(), row = msg.row;
    var overlay = $("reveal");
    $("reveal-category").textContent = "";
    $("reveal-category").appendChild(multi(msg.label));
    $("reveal-award").textContent = "";
    $("reveal-award").appendChild(multi(row.award_label));
    $("reveal-name").textContent = row.name;
    $("reveal-place").textContent = "";
    if (msg.show_places !== false && row.place) {
      var placeWords = {};
      LANGS.forEach(function (code) { placeWords[code] = (T.place[code] || "") + ": " + placeText(row); });
      $("reveal-place").appendChild(multi(placeWords));
    }
    overlay.className = "reveal-overlay drum award-" + row.award;
    overlay.hidden = false;
    setTimeout(function () {
      overlay.className = "reveal-overlay shown award-" + row.award;
      setTimeout(function () {
        overlay.hidden = true;
        overlay.className = "reveal-overlay";
        revealBusy = false;
        state.current = "reveal:" + msg.category;
        renderBoard(null);
        restartRotation();
        playReveals();
      }, REVEAL_HOLD_MS);
    }, REVEAL_DRUM_MS);
  }

  function applySnapshot(ack) {
    state.stage = ack.stage;
    state.standings = {};
    state.reveals = {};
    ack.standings.forEach(function (s) { state.standings[String(s.category)] = s; });
    ack.reveals.forEach(function (r) { state.reveals[String(r.category)] = r; });
    renderStage();
    renderBoard(null);
    restartRotation();
    document.body.dataset.ready = "true";
  }

  /* ---- the connection: socket.io reconnects by itself; every (re)connect watches again ---- */
  var socket = io("/board", { transports: ["websocket"], reconnectionDelayMax: 5000 });
  // A hall's screens reconnect together after a network blip; the server answers some of them
  // `rate_limited` then, and they ask again a moment later, each after its own pause.
  function watch() {
    socket.emit("watch", { edition: config.edition }, function (ack) {
      if (ack && ack.ok) applySnapshot(ack);
      else if (ack && ack.error && ack.error.code === "rate_limited") setTimeout(watch, 1000 + Math.random() * 2000);
    });
  }
  socket.on("connect", function () {
    $("offline").hidden = true;
    watch();
  });
  socket.on("disconnect", function () { $("offline").hidden = false; });
  socket.on("connect_error", function () { $("offline").hidden = false; });
  socket.on("standings", onStandings);
  socket.on("stage", function (msg) { state.stage = msg; renderStage(); });
  socket.on("reveal", onReveal);

  function tick() {
    var now = new Date();
    $("clock").textContent = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
  }
  tick(); setInterval(tick, 10000);
  window.addEventListener("resize", function () { renderBoard(null); });
  renderStage();
  renderBoard(null);
})();
