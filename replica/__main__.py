"""`python -m replica`: serve the replica in the foreground."""

from replica.server import main

raise SystemExit(main())
