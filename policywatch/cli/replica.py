"""`replica` and `demo`: the offline replica of the sites, and the whole job against it."""

from __future__ import annotations

import click


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def replica(ctx: click.Context) -> None:
    """Serve the offline replica of the watched sites in the foreground (see --help)."""
    from replica.server import main as replica_main

    replica_main(ctx.args)


@click.command()
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Timeline days to advance through.",
)
@click.option("--no-serve", is_flag=True, help="End after the crawls; serve no web view.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Crawl processes side by side (each takes whole sites).",
)
def demo(days: int, no_serve: bool, jobs: int) -> None:
    """Crawl the replica at day 0, build feeds, advance the timeline, crawl again, then serve
    the web view until Ctrl-C."""
    from policywatch.demo import run_demo

    run_demo(days=days, serve=not no_serve, jobs=jobs)
