// Live updates for a workbench page: one stream per tab, opened when the page shows, closed when it goes.
// Without JavaScript the page still works: its Refresh link does the same.
(function () {
  "use strict";
  const me = document.currentScript;
  const url = me && me.dataset.events;
  if (!url || !window.EventSource || !window.fetch) return;
  let source = null;
  let busy = false;

  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const answer = await fetch(location.pathname + location.search, { cache: "no-store", credentials: "same-origin" });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
      for (const part of document.querySelectorAll("[data-live]")) {
        const other = fresh.getElementById(part.id);
        if (!other) continue;
        const open = [...part.querySelectorAll("details[open][id]")].map(d => d.id);  // what the reader opened stays open
        part.replaceChildren(...other.childNodes);
        for (const id of open) document.getElementById(id)?.setAttribute("open", "");
      }
      for (const frame of document.querySelectorAll("iframe[data-src]")) {
        frame.src = frame.dataset.src + "?v=" + Date.now();
      }
    } finally {
      busy = false;
    }
  }

  function open() {
    if (source) return;
    source = new EventSource(url);
    source.onmessage = refresh;
  }
  function close() {
    if (source) source.close();
    source = null;
  }
  window.addEventListener("pagehide", close);
  window.addEventListener("beforeunload", close);
  window.addEventListener("pageshow", open);
  open();
})();
