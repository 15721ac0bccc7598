"""Command-line commands, one small module each; the CLI wires them up."""
