"""Stage 2: models -> HTML (Jinja templates, markdown) -> one PDF part (WeasyPrint, the project's own files only)."""
