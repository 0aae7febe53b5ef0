// photobank operator console: progressive enhancement only; every form works without it.
"use strict";
document.documentElement.classList.add("js");

// A form whose button asks first (data-confirm) is sent only once confirmed.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}

// Upload: files dropped or chosen go one a request, each with its own progress bar,
// to the same endpoint the form posts to; each file's outcome shows as it lands.
const uploadForm = document.getElementById("upload-form");
if (uploadForm) {
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const panel = document.getElementById("upload-progress");
  const list = document.getElementById("upload-files");
  const summary = document.getElementById("upload-summary");
  const totals = { added: 0, updated: 0, unchanged: 0, failed: 0 };

  const row = (file) => {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = file.size || 1;
    bar.value = 0;
    bar.setAttribute("aria-label", `Upload of ${file.name}`);
    const outcome = document.createElement("span");
    outcome.className = "outcome";
    outcome.textContent = "waiting";
    item.append(name, bar, outcome);
    list.append(item);
    return { bar, outcome };
  };

  const describe = (report, outcome) => {
    const first = (part) => report[part] && report[part][0];
    let text = "unchanged";
    let link = null;
    if (first("failed")) {
      text = `failed: ${first("failed").reason}`;
      totals.failed += 1;
    } else if (first("added") || first("updated")) {
      const part = first("added") ? "added" : "updated";
      text = part;
      link = `/console/assets/${encodeURIComponent(first(part).id)}`;
      totals[part] += 1;
    } else {
      totals.unchanged += 1;
    }
    outcome.textContent = "";
    if (link) {
      const anchor = document.createElement("a");
      anchor.href = link;
      anchor.textContent = text;
      outcome.append(anchor);
    } else {
      outcome.textContent = text;
    }
  };

  const send = (file, { bar, outcome }) => new Promise((resolve) => {
    const data = new FormData(uploadForm);
    data.delete("files");
    data.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", uploadForm.action);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        bar.max = event.total;
        bar.value = event.loaded;
      }
    });
    request.upload.addEventListener("load", () => { outcome.textContent = "reading…"; });
    request.addEventListener("load", () => {
      bar.value = bar.max;
      const body = request.response || {};
      if (request.status === 200) {
        describe(body, outcome);
      } else {
        outcome.textContent = `failed: ${body.message || request.status}`;
        totals.failed += 1;
      }
      resolve();
    });
    request.addEventListener("error", () => {
      outcome.textContent = "failed: the connection was lost";
      totals.failed += 1;
      resolve();
    });
    outcome.textContent = "uploading";
    request.send(data);
  });

  const upload = async (files) => {
    if (!files.length) return;
    panel.hidden = false;
    summary.textContent = `Uploading ${files.length} file${files.length === 1 ? "" : "s"}…`;
    const rows = files.map(row);
    for (let i = 0; i < files.length; i += 1) await send(files[i], rows[i]);
    summary.textContent = `${totals.added} added, ${totals.updated} updated, `
      + `${totals.unchanged} unchanged, ${totals.failed} failed.`;
    input.value = "";
  };

  uploadForm.addEventListener("submit", (event) => {
    event.preventDefault();
    upload(Array.from(input.files));
  });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    upload(Array.from(event.dataTransfer.files));
  });
}
