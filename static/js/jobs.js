// Poll unfinished bulk jobs and move their progress bars.
(function () {
  const rows = Array.from(document.querySelectorAll("tr[data-job]")).filter(r => ["queued", "running"].includes(r.dataset.status));
  if (!rows.length) return;
  const labels = JSON.parse(document.getElementById("jobs-config").textContent);
  function poll() {
    let busy = 0;
    Promise.all(rows.map(row => !["queued", "running"].includes(row.dataset.status) ? null :
      fetch(row.dataset.job, {credentials: "same-origin"}).then(r => r.json()).then(job => {
        row.dataset.status = job.status;
        row.querySelector("progress").value = job.percent;
        row.querySelector(".counts").textContent = job.done + " / " + job.total;
        const skipped = row.querySelector(".skipped");
        if (skipped) {
          skipped.textContent = "";
          for (const text of job.skipped || []) { const p = document.createElement("p"); p.textContent = text; skipped.append(p); }
        }
        if (job.status === "done") {
          row.querySelector(".state").textContent = labels.done;
          const files = row.querySelector(".files");
          files.textContent = "";
          for (const [label, url] of [["PDF", job.pdf_url], ["ZIP", job.zip_url]]) {
            const a = document.createElement("a"); a.href = url; a.textContent = label; files.append(a, " ");
          }
        } else if (job.status === "failed") {
          row.querySelector(".state").textContent = job.error ? labels.failed + ": " + job.error : labels.nothing;
        } else if (job.status === "interrupted") {
          row.querySelector(".state").textContent = labels.interrupted;
          row.querySelector(".restart").hidden = false;
        } else { busy++; }
      }).catch(() => { busy++; })
    )).then(() => { if (busy) setTimeout(poll, 1000); });
  }
  setTimeout(poll, 500);
})();
