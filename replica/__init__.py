"""An offline replica of the watched government sites, with a timeline and fault injection."""
