"""The policywatch application: the command line, the daemon and the web view."""
