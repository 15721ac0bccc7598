"""Stage 1, load: find the workbench, read every file once and safely, validate it, keep its lines.

`workbench` finds and loads a response and its people; `yamlsource` reads YAML
keeping the line of every value; `schema` declares each kind of file; `files`
and `images` read what users wrote without trusting it; `brand` is the look.
Nothing here decides what may be published.
"""
