"""Stage 3: rendered parts -> documents, with pypdf only: merge, outline, labels, stamps, imposition."""
