--[[
Shortcode: embed a course lab (or the ledger page) in any chapter or page.

  {{< lab 01 >}}                      lab 01 at the default height
  {{< lab 01 height=1200 >}}          least height in CSS pixels (200 to 5000)
  {{< lab 01 track=edge >}}           open with a deployment track preselected
  {{< lab 02 act=2 >}}                open scrolled to act (or part) 2
  {{< lab 02 preset=amdahl-wall >}}   open with a named preset from the lab file
  {{< lab ledger >}}                  the Design Ledger page

Arguments
  1st (required)  a lab's two-digit number (one of labs/registry.py's), or "ledger"
  height          the frame's least height in pixels; default 1100. The frame grows with the lab
                  (the lab page reports its height to lab-embed.js), so this is only where it starts
  track           one of the tracks (cloud, edge, mobile, tiny)
  act             a whole number from 1; the lab page reports an act it does not have
  preset          lower-case letters, digits and hyphens; the lab page reports one it does not have

The same settings work as a query string on the lab page itself (labNN.html?track=edge&act=2),
so a plain iframe in any page or LMS can use them. Values are checked here for shape (so
nothing unsafe reaches the URL) and again by the lab page against what the lab offers.

Emits an iframe of the built lab page (labs-site/labs/labNN.html, relative to the
page) with a title, and a link to open the lab in its own tab; adds lab-embed.js (which
sizes each frame to its lab) and lab-embed.css to the page once. Bad arguments are
reported in the rendered page through quarto.shortcode.error_output, never crash the build.
]]

-- The labs and tracks, generated from labs/registry.py (python -m sitebuild.generate).
local REGISTRY = dofile(quarto.utils.resolve_path("registry.lua"))

local function known(names)
  local keys = {}
  for key in pairs(names) do table.insert(keys, key) end
  table.sort(keys)
  return table.concat(keys, ", ")
end

local function lab_html(args, kwargs)
  local which = pandoc.utils.stringify(args[1] or "")
  local height = pandoc.utils.stringify(kwargs["height"] or "")
  local track = pandoc.utils.stringify(kwargs["track"] or "")

  local path, title
  if which == "ledger" then
    path, title = "labs-site/ledger.html", "Your Design Ledger"
  elseif REGISTRY.labs[which] then
    path, title = "labs-site/labs/lab" .. which .. ".html", "Lab " .. which .. ": " .. REGISTRY.labs[which]
  else
    return quarto.shortcode.error_output("lab", "no lab '" .. which .. "'; the course has " .. known(REGISTRY.labs)
      .. " (or 'ledger')", "block")
  end

  if height == "" then
    height = "1100"
  elseif not height:match("^%d+$") or tonumber(height) < 200 or tonumber(height) > 5000 then
    return quarto.shortcode.error_output("lab", "height must be a whole number of pixels from 200 to 5000", "block")
  end

  local params = {}
  if track ~= "" then
    if not REGISTRY.tracks[track] then
      return quarto.shortcode.error_output("lab", "unknown track '" .. track .. "' (" .. known(REGISTRY.tracks) .. ")",
        "block")
    end
    table.insert(params, "track=" .. track)
  end
  local act = pandoc.utils.stringify(kwargs["act"] or "")
  if act ~= "" then
    if not act:match("^%d+$") or tonumber(act) < 1 then
      return quarto.shortcode.error_output("lab", "act must be a whole number from 1", "block")
    end
    table.insert(params, "act=" .. act)
  end
  local preset = pandoc.utils.stringify(kwargs["preset"] or "")
  if preset ~= "" then
    if not preset:match("^[a-z0-9%-]+$") then
      return quarto.shortcode.error_output("lab", "preset names use lower-case letters, digits and hyphens", "block")
    end
    table.insert(params, "preset=" .. preset)
  end
  local query = #params > 0 and ("?" .. table.concat(params, "&amp;")) or ""

  quarto.doc.add_html_dependency({
    name = "lab-embed",
    version = "1.0.0",
    scripts = { "lab-embed.js" },
    stylesheets = { "lab-embed.css" },
  })
  local offset = quarto.project.offset or "."
  local src = offset .. "/" .. path .. query
  return pandoc.RawBlock("html", string.format(
    '<div class="lab-embed"><iframe class="lab-frame" src="%s" title="%s" loading="lazy" height="%s"></iframe>'
      .. '<p class="lab-embed-link"><a href="%s" target="_blank" rel="noopener">Open %s in its own tab</a></p></div>',
    src, title, height, src, title))
end

return {
  ["lab"] = function(args, kwargs, meta, raw_args, context)
    if not quarto.doc.is_format("html") then
      return pandoc.Para({ pandoc.Str("[Interactive lab: open the HTML version of this book.]") })
    end
    return lab_html(args, kwargs)
  end,
}
