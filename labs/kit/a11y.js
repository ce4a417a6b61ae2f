// Bokeh's sliders render a keyboard-operable handle (role="slider") but give it no
// accessible name, and a DiscreteSlider's aria-valuetext is the option's index. This
// names every handle after its visible title ("Batch size") and sets the value text to
// the option shown ("8"), so screen readers and label-based tests see what sighted users do.
function* walk(root) {
  for (const el of root.querySelectorAll("*")) {
    yield el;
    if (el.shadowRoot) yield* walk(el.shadowRoot);
  }
}

// The visible title of a slider: its own, or (for Panel's DiscreteSlider, which draws its
// title as a separate text widget just above an untitled slider) the preceding widget's text.
function titleOf(handle) {
  const root = handle.getRootNode();
  const own = root.querySelector(".bk-slider-title");
  if (own && own.textContent.trim()) return own.textContent;
  const before = root.host && root.host.previousElementSibling;
  if (!before) return "";
  const nodes = [...(before.shadowRoot || before).childNodes].filter((n) => !["STYLE", "LINK"].includes(n.nodeName));
  return nodes.map((n) => n.textContent).join("");
}

// Also used by the static page's first instrument (client/preview.js).
export function labelSliders() {
  for (const el of walk(document)) {
    if (el.getAttribute("role") !== "slider") continue;
    const title = titleOf(el);
    if (!title.includes(":")) continue;
    const [name, ...value] = title.split(":");
    if (el.getAttribute("aria-label") !== name.trim()) el.setAttribute("aria-label", name.trim());
    const text = value.join(":").trim();
    if (text && el.getAttribute("aria-valuetext") !== text) el.setAttribute("aria-valuetext", text);
  }
}

export function render() {
  labelSliders();
  setInterval(labelSliders, 200);
  const el = document.createElement("span");
  el.hidden = true;
  return el;
}
