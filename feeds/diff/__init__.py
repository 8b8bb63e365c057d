"""The diff engine: two versions compared sentence by sentence, and its renderings."""
