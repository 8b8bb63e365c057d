"""`python -m policywatch.cli`: the command line."""

from policywatch.cli import main

main()
