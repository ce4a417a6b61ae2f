// A page shown in a frame (a chapter's lab, the book's ledger, an LMS's embed) marks <html> "embedded",
// so it leaves out what its host page already shows, and reports its height, so the frame grows with it
// (the book's listener is _extensions/lab/lab-embed.js). A classic script in <head>: the class is set
// before the first paint.
(() => {
  let framed;
  try {
    framed = window.parent !== window;
  } catch {
    framed = true;
  }
  if (!framed) return;
  document.documentElement.classList.add("embedded");
  let sent = 0;
  const report = () => {
    // The root element's box: its content, with the margins that collapse through <body> (never the
    // viewport's height, which would keep a frame from shrinking).
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    // Any origin may hear it: a height is no secret, and an LMS page is on another origin.
    window.parent.postMessage({ type: "mlsys-frame-height", height }, "*");
  };
  new ResizeObserver(report).observe(document.documentElement);
})();
