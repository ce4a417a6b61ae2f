-- Generated from labs/registry.py and pycore.TRACKS by `python -m sitebuild.generate`: do not edit.
return {
  labs = {
    ["01"] = "The Magnitude Gap",
    ["02"] = "The Physics of Deployment",
    ["05"] = "Neural Computation",
    ["07"] = "ML Frameworks",
  },
  tracks = {
    ["cloud"] = "Cloud Titan",
    ["edge"] = "Edge Guardian",
    ["mobile"] = "Mobile Nomad",
    ["tiny"] = "Tiny Pioneer",
  },
}
