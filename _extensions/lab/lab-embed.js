// Every lab frame grows and shrinks with its lab: the lab page reports its height (labs-site's
// runtime/frame.js) and the frame takes it, never less than the height the shortcode gave (its
// `height` attribute). Only a frame's own page can resize that frame.
(() => {
  const MOST = 20000; // px: a runaway report cannot make a page endless
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "mlsys-frame-height" || !Number.isFinite(data.height)) return;
    for (const frame of document.querySelectorAll("iframe.lab-frame")) {
      if (frame.contentWindow !== event.source) continue;
      const least = Number(frame.getAttribute("height")) || 0;
      frame.style.height = `${Math.min(MOST, Math.max(least, Math.ceil(data.height) + 2))}px`;
      frame.dataset.fitted = "true";
    }
  });
})();
