// Correction forms: POST to the corrections API with the bearer token typed by the user
// (kept for this tab only).  Disabled when the store or the server cannot take them.
// Entity page: rename and merge act on the corpus entity of the page's name; the page
// reloads to show it.  Article page: each quotation's form fixes its speaker or judges it
// not a quote; the page reloads and offers to undo the last correction.
(function () {
  "use strict";
  const panel = document.getElementById("corrections");
  if (!panel) return;
  const status = document.getElementById("corrections-status");
  const tokenInput = document.getElementById("api-token");
  if (tokenInput) tokenInput.value = sessionStorage.getItem("newsgraph-token") || "";
  const LAST_QUOTE = "newsgraph-last-quote-correction";

  async function send(endpoint, body, onDone) {
    const token = tokenInput ? tokenInput.value : "";
    sessionStorage.setItem("newsgraph-token", token);
    status.classList.remove("ok");
    status.textContent = "Sending…";
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      status.textContent = (data.error && data.error.message) || ("Failed (" + response.status + ").");
      return;
    }
    status.classList.add("ok");
    status.textContent = data.message || "Done.";
    onDone(data);
  }

  const rename = document.getElementById("rename-form");
  if (rename) {
    rename.addEventListener("submit", function (event) {
      event.preventDefault();
      const newName = rename.elements.new_name.value.trim();
      const entity = { type: rename.dataset.type, name: rename.dataset.name };
      send(rename.dataset.endpoint, { entity: entity, new_name: newName },
        function () { window.location.reload(); });
    });
  }

  const merge = document.getElementById("merge-form");
  if (merge) {
    merge.addEventListener("submit", function (event) {
      event.preventDefault();
      const keep = { type: merge.dataset.type, name: merge.dataset.name };
      const other = { type: merge.elements.other_type.value, name: merge.elements.other_name.value.trim() };
      send(merge.dataset.endpoint, { entities: [keep, other] }, function () { window.location.reload(); });
    });
  }

  const article = panel.dataset.article;
  if (!article) return;

  function remember(data) {  // survives the reload: the status then offers an undo
    sessionStorage.setItem(LAST_QUOTE, JSON.stringify(
      { article: article, judgement: data.judgement, message: data.message }));
    window.location.reload();
  }

  document.querySelectorAll(".quote-fix-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const action = event.submitter ? event.submitter.value : "speaker";
      const body = { article: article, quote: form.dataset.quote, action: action };
      if (action === "speaker") {
        const speaker = form.elements.speaker.value.trim();
        if (!speaker) { status.textContent = "Type who said it."; return; }
        body.speaker = speaker;
      }
      send(form.dataset.endpoint, body, remember);
    });
  });

  const last = JSON.parse(sessionStorage.getItem(LAST_QUOTE) || "null");
  if (last && last.article === article && typeof last.judgement === "number") {
    status.classList.add("ok");
    status.textContent = last.message + " ";
    const undo = document.createElement("button");
    undo.type = "button";
    undo.id = "undo-quote-correction";
    undo.textContent = "Undo";
    undo.addEventListener("click", function () {
      send("/api/corrections/quote/undo", { judgement: last.judgement }, function () {
        sessionStorage.removeItem(LAST_QUOTE);
        window.location.reload();
      });
    });
    status.appendChild(undo);
  }
})();
