"""Reads for the core's pages, one module per area as in services/ and views/. Visibility always
comes from the permission layer; the licences' reads are in workspaces.licences."""
