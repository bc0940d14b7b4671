"""Site -> generated pages: a Markdown document per page from its template, and the HTML it becomes
(sanitized, typeset)."""
