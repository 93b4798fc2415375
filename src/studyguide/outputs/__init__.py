"""Stage 4: one module per output kind behind one small interface (base.Output); registry lists them."""
