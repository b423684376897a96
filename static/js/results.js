/* Public results page: live categories follow the /board standings as marks arrive.
   Until the jury finalises, each row shows the sheets it rests on of its panel ("3/7"); a
   category that becomes final (or is reopened) is drawn again by the server, with its wording. */
(function () {
  "use strict";
  var script = document.currentScript;
  var edition = script.dataset.edition, category = script.dataset.category;
  var locale = script.dataset.locale, noResults = script.dataset.noResults;

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    if (cls) td.className = cls;
    return td;
  }
  function label(dict) {
    if (!dict) return "";
    return dict[locale] || dict.ru || dict.kk || Object.keys(dict).map(function (k) { return dict[k]; })[0] || "";
  }
  function render(msg) {
    var section = document.querySelector('.results-category[data-category="' + msg.category + '"]');
    if (!section) return;
    if (msg.visibility !== "live" && msg.visibility !== "published") { location.reload(); return; }
    var table = section.querySelector("table.results-table");
    if (!table) { location.reload(); return; }
    if (String(!!msg.provisional) !== section.dataset.provisional) { location.reload(); return; }
    var places = table.dataset.showPlaces === "true";
    var body = document.createElement("tbody");
    msg.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      if (places) {
        var place = r.place == null ? "" : (r.place_to && r.place_to !== r.place ? r.place + "–" + r.place_to : r.place);
        tr.appendChild(cell(place, "num"));
      }
      tr.appendChild(cell(r.name));
      tr.appendChild(cell(label(r.award_label || (msg.award_labels || {})[r.award])));
      if (places) tr.appendChild(cell(r.score, "num"));
      if (msg.provisional) tr.appendChild(cell(r.panel ? (r.sheets || 0) + "/" + r.panel : "", "num sheets"));
      body.appendChild(tr);
    });
    if (!msg.rows.length) {
      var tr = document.createElement("tr"), td = cell(noResults, "empty");
      td.colSpan = 5; tr.appendChild(td); body.appendChild(tr);
    }
    table.replaceChild(body, table.tBodies[0]);
  }

  var socket = io("/board", { transports: ["websocket"] });
  function watch() {
    var what = { edition: edition };
    if (category) what.category = Number(category);
    socket.emit("watch", what, function (ack) {
      if (ack && ack.ok) ack.standings.forEach(function (s) { if (s.visibility === "live" || s.visibility === "published") render(s); });
      // Many pages reconnecting at once: asked to wait, each asks again after its own pause.
      else if (ack && ack.error && ack.error.code === "rate_limited") setTimeout(watch, 1000 + Math.random() * 2000);
    });
  }
  socket.on("connect", watch);
  socket.on("standings", render);
})();
