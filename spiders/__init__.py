"""The shipped sources are the tables of `sources.toml`; a module here only refines one whose
site departs from its platform (a spider class named after the source)."""
