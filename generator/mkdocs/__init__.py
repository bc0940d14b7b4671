"""MkDocs glue: the plugin and what it needs to build fast (two processes, kept pages, theme parts, live preview)."""
