"""One base spider per CMS family; a source on a known family is a few class attributes."""
