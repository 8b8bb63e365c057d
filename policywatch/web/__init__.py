"""The web view: a read-only WSGI app over the database and the built feed files."""
