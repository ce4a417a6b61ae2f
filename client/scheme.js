// Light or dark, as the reader chose in the book (Quarto's toggle stores "quarto-color-scheme": "alternate"
// is the book's dark theme, "default" its light one), else as the system is set. A classic script in
// <head>, so the page is drawn in the right scheme from the first paint; it follows later changes too
// (the toggle in the chapter around an embedded lab fires a storage event here).
(() => {
  const KEY = "quarto-color-scheme";
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  const chosen = () => {
    try {
      return window.localStorage.getItem(KEY);
    } catch {
      return null; // storage blocked: follow the system
    }
  };
  const apply = () => {
    const choice = chosen();
    const dark = choice === "alternate" || (choice !== "default" && system.matches);
    document.documentElement.dataset.scheme = dark ? "dark" : "light";
  };
  apply();
  system.addEventListener("change", apply);
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) apply();
  });
})();
