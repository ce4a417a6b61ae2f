// The lab page's last resort: if its start-up modules never ran (boot.js or a module it imports could not
// be fetched: a 404, a dropped connection), nothing else can say so. A classic script, so that it runs even
// then. The opening lock's module says it ran by setting data-state; boot.js by its first stage.
(() => {
  const LIMIT_MS = (globalThis.mlsysStartupLimits && globalThis.mlsysStartupLimits.modules) || 30_000;
  setTimeout(() => {
    const body = document.body;
    const lock = document.getElementById("opening-lock");
    const bootRan = body.dataset.labState !== "loading";
    const lockRan = !lock || lock.dataset.state !== "waiting";
    if (bootRan && lockRan) return;
    if (!bootRan) body.dataset.labState = "error";
    const box = document.getElementById("lab-error");
    box.hidden = false;
    box.querySelector(".lab-error-detail").textContent = "Some of the page's start-up files did not arrive (the " +
      "connection may have dropped, or the site is being updated). Check that you are online, then reload.";
    document.getElementById("lab-reload").addEventListener("click", () => location.reload(), { once: true });
  }, LIMIT_MS);
})();
