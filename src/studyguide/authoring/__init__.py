"""Tools for the people who write a bank: import, new, schema, stats, doctor, changes, watch."""
