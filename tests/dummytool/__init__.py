"""A tiny tool used only by tests: one WorkspaceItem (Note), so the core permission layer can
be tested without depending on any real tool. Installed only when settings.TESTING."""
