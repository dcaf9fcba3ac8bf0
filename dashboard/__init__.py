"""Dashboard of the allegations that Serbian-made ammunition reached Ukraine via third countries."""
