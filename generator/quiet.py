"""No advertising banner of Material for MkDocs in the editors' terminal.

Material for MkDocs prints a banner about its end of life on every ``mkdocs
build`` and ``mkdocs serve`` unless ``NO_MKDOCS_2_WARNING`` is set when MkDocs
loads the theme. MkDocs loads the theme before any plugin, so our plugin
starts too late to set it. The only code of ours that runs earlier is a tag in
``mkdocs.yml``, which MkDocs reads before it checks the settings:
``quiet: !!python/name:generator.quiet.BANNER_OFF`` in the ``omo`` plugin's
settings imports this module. ``python -m generator export`` drops the plugin's
settings, so other builders never meet the tag.
"""

import os

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BANNER_OFF = True
