// photobank web interface: progressive enhancement only; every page works without it.
"use strict";
document.documentElement.classList.add("js");

// A tile's dominant colour shows while its image loads.
for (const img of document.querySelectorAll("img[data-color]")) {
  if (!img.complete) {
    img.style.backgroundColor = img.dataset.color;
    img.addEventListener("load", () => { img.style.backgroundColor = ""; }, { once: true });
  }
}

// Changing a filter runs the search at once (a plain GET: the URL stays shareable).
const search = document.getElementById("search");
if (search) {
  for (const select of search.querySelectorAll("select")) {
    select.addEventListener("change", () => {
      const page = search.querySelector("input[name=page]");
      if (page) page.remove();
      search.requestSubmit();
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
