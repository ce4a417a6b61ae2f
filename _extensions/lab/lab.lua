--[[
Shortcode: embed a course lab (or the ledger page) in any chapter or page.

  {{< lab 01 >}}                      lab 01 at the default height
  {{< lab 01 height=1200 >}}          height in CSS pixels (200 to 5000)
  {{< lab 01 track=edge >}}           open with a deployment track preselected
  {{< lab ledger >}}                  the Design Ledger page

Arguments
  1st (required)  two-digit lab number, or "ledger"
  height          iframe height in pixels; default 1100
  track           one of cloud, edge, mobile, tiny

Emits an iframe of the built lab page (labs-site/labs/labNN.html, relative to the
page) with a title, and a link to open the lab in its own tab. Bad arguments are
reported in the rendered page through quarto.shortcode.error_output, never crash the build.
]]

local TRACKS = { cloud = true, edge = true, mobile = true, tiny = true }

local function lab_html(args, kwargs)
  local which = pandoc.utils.stringify(args[1] or "")
  local height = pandoc.utils.stringify(kwargs["height"] or "")
  local track = pandoc.utils.stringify(kwargs["track"] or "")

  local path, title
  if which == "ledger" then
    path, title = "labs-site/ledger.html", "Your Design Ledger"
  elseif which:match("^%d%d$") then
    path, title = "labs-site/labs/lab" .. which .. ".html", "Lab " .. which
  else
    return quarto.shortcode.error_output("lab", "expected a two-digit lab number or 'ledger', got '" .. which .. "'", "block")
  end

  if height == "" then
    height = "1100"
  elseif not height:match("^%d+$") or tonumber(height) < 200 or tonumber(height) > 5000 then
    return quarto.shortcode.error_output("lab", "height must be a whole number of pixels from 200 to 5000", "block")
  end

  local query = ""
  if track ~= "" then
    if not TRACKS[track] then
      return quarto.shortcode.error_output("lab", "unknown track '" .. track .. "' (cloud, edge, mobile, tiny)", "block")
    end
    query = "?track=" .. track
  end

  local offset = quarto.project.offset or "."
  local src = offset .. "/" .. path .. query
  return pandoc.RawBlock("html", string.format(
    '<div class="lab-embed"><iframe src="%s" title="%s" loading="lazy" style="width:100%%;height:%spx;border:1px solid #d0d7de;border-radius:6px"></iframe>'
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
