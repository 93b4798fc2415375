"""Question banks in other layouts (the plain-text seed, Markdown, GitHub <details>) -> content YAML."""
