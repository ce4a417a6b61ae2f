// Bokeh's and Panel's scripts, which draw a lab, are deferred: they have all run by DOMContentLoaded. A
// module can start before that with readyState already "interactive" (the deferred scripts may still be
// downloading), or after it, when only the load event is left to come: so wait for whichever is next.
export const drawingScriptsRun = new Promise((resolve) => {
  if (document.readyState === "complete") return resolve();
  document.addEventListener("DOMContentLoaded", resolve, { once: true });
  window.addEventListener("load", resolve, { once: true });
});

// Bokeh's page API, once its scripts have run; an error in words if they never arrived.
export async function bokeh() {
  await drawingScriptsRun;
  if (!window.Bokeh?.embed) throw new Error("the site's drawing script (bokeh.min.js) did not arrive");
  return window.Bokeh;
}
