// photobank web interface: progressive enhancement only; every page works without it.
"use strict";
document.documentElement.classList.add("js");

// While a tile's image loads, its blurhash (or else its dominant colour) shows.
for (const img of document.querySelectorAll("img[data-color]")) {
  if (!img.complete) {
    img.style.backgroundColor = img.dataset.color;
    if (img.dataset.blurhash) {
      img.style.backgroundImage = `url("${img.dataset.blurhash}")`;
      img.style.backgroundSize = "100% 100%";
    }
    img.addEventListener("load", () => {
      img.style.backgroundColor = img.style.backgroundImage = "";
    }, { once: true });
  }
}

// Choosing a filter runs the search at once (a plain GET: the URL stays shareable).
// Arrow keys step through a closed list firing "change" each time: those wait for
// Enter or the Apply button, so keyboard users are not sent away mid-choice.
const search = document.getElementById("search");
if (search) {
  for (const select of search.querySelectorAll("select")) {
    let stepping = false;
    select.addEventListener("keydown", (event) => {
      stepping = event.key !== "Enter" && event.key !== " ";
    });
    select.addEventListener("pointerdown", () => { stepping = false; });
    select.addEventListener("change", () => {
      if (!stepping) search.requestSubmit();
    });
  }
  // Empty fields stay out of the URL.
  search.addEventListener("submit", () => {
    for (const field of search.querySelectorAll("select, input")) {
      if (!field.value) field.disabled = true;
    }
  });
  window.addEventListener("pageshow", () => {
    for (const field of search.querySelectorAll("[disabled]")) field.disabled = false;
  });
}

// A license button is pressed once: a second click would not license twice, but
// it would start a second download.
for (const form of document.querySelectorAll("form.license")) {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button");
    setTimeout(() => { button.disabled = true; }, 0);
    setTimeout(() => { button.disabled = false; }, 5000);
  });
}

// As the visitor types, the catalog's most used keywords that complete the phrase.
const phrase = document.getElementById("phrase");
const completions = document.getElementById("phrase-completions");
if (phrase && completions) {
  let timer = 0;
  let asked = "";
  phrase.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const typed = phrase.value.trim();
      if (!typed || typed === asked) return;
      asked = typed;
      const answer = await fetch(`/search/completions?phrase=${encodeURIComponent(typed)}`);
      if (!answer.ok || phrase.value.trim() !== typed) return;
      completions.replaceChildren(...(await answer.json()).map((text) => {
        const option = document.createElement("option");
        option.value = text;
        return option;
      }));
    }, 150);
  });
}

// A picture dropped anywhere on the search page searches by image.
const byImage = document.getElementById("by-image");
if (byImage) {
  const picker = byImage.querySelector("input[type=file]");
  document.addEventListener("dragover", (event) => {
    if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) {
      event.preventDefault();
      byImage.classList.add("dropping");
    }
  });
  document.addEventListener("dragleave", () => byImage.classList.remove("dropping"));
  document.addEventListener("drop", (event) => {
    byImage.classList.remove("dropping");
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    event.preventDefault();
    picker.files = event.dataTransfer.files;
    byImage.requestSubmit();
  });
  picker.addEventListener("change", () => { if (picker.files.length) byImage.requestSubmit(); });
}

// Facets, a spelling correction and related searches arrive once the results show.
const refine = document.getElementById("refine");
if (refine && refine.dataset.src) {
  fetch(refine.dataset.src).then((answer) => (answer.ok ? answer.text() : ""))
    .then((html) => { refine.innerHTML = html; })
    .catch(() => {});
}
