-- Runs the lab shortcode (_extensions/lab/lab.lua) under pandoc's own Lua, with the few `quarto` functions it
-- uses standing in for Quarto's: `pandoc lua shortcode_harness.lua EXTENSION_DIR CASES_JSON`.
-- Prints, as JSON, each case's HTML (or error) and the HTML dependencies it added.
local ext, cases = arg[1], pandoc.json.decode(arg[2])
local added = {}
quarto = {
  utils = { resolve_path = function(path) return ext .. "/" .. path end },
  shortcode = {
    error_output = function(_, message) return pandoc.RawBlock("html", "ERROR: " .. message) end,
  },
  doc = {
    is_format = function(format) return format == "html" end,
    add_html_dependency = function(dependency) table.insert(added, dependency) end,
  },
  project = { offset = ".." },
}
local lab = dofile(ext .. "/lab.lua").lab
local results = {}
for _, case in ipairs(cases) do
  added = {}
  local block = lab(case.args, case.kwargs, {}, {}, {})
  table.insert(results, { html = block.text, dependencies = added })
end
print(pandoc.json.encode(results))
