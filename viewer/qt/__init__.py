"""Qt widgets: they gather input, call into the model and show what it holds."""
