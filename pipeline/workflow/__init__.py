"""Co-production around the build: consent over time, scaffolding new work, status,
careful edits to people's own files, and intake of volunteers' Word files."""
