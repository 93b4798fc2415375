"""Stage 1: the YAML files of a content folder -> a validated Bank, every problem as file:line:col."""
