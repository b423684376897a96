/* The stage page follows moves made elsewhere (another organiser's screen): it reloads when the
 * stage changes, so the running order and the "call next" button are never stale. */
(function () {
  "use strict";
  var card = document.getElementById("stage-card");
  if (!card) return;
  var edition = Number(card.dataset.edition);
  var socket = io("/judge", { transports: ["websocket", "polling"], auth: { console: edition } });
  var current = document.querySelector("tr.on-stage");
  var shown = current ? Number(current.dataset.entry) : null;
  socket.on("stage", function (stage) {
    if ((stage.entry || null) !== shown) window.location.reload();
  });
})();
