"""What the MkDocs side needs from the project's settings; shared by the plugin and the export."""

PLUGIN_NAME = "omo"

# Generated pages rely on these: ids on headings and list items, Markdown inside HTML, notes.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc")
