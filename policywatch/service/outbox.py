"""The daemon's notification thread: fills the outbox from the change log and sends what is
due, for every channel (webhooks, Apprise), so that no crawl waits on a receiver."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from policywatch.service.notify import NotifyChannel, NotifySettings
from policywatch.service.webhooks import WebhookChannel, WebhookSettings
from storage import Store, open_store

logger = logging.getLogger("policywatch.outbox")


class Channel(Protocol):
    """A kind of notification: what it queues in the outbox and how it is delivered."""

    def follow_from_now(self, session: Session) -> None:
        """Queue only what happens from now on, unless already following."""

    def queue(self, session: Session) -> int:
        """Put what is new in the outbox; return how many notifications were queued."""

    def deliver(self, store: Store) -> int:
        """Send what is due; return how many were delivered."""


class OutboxSender:
    """A background thread: a pass over every channel each `poll` seconds, or when woken."""

    def __init__(self, db_url: str, channels: Sequence[Channel], *, poll: float) -> None:
        self.db_url = db_url
        self.channels = list(channels)
        self.poll = poll
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notifications", daemon=True)

    def follow_from_now(self, session: Session) -> None:
        for channel in self.channels:
            channel.follow_from_now(session)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        store = open_store(self.db_url)
        try:
            while not self._stopping.is_set():
                try:
                    self.send_once(store)
                except SQLAlchemyError:
                    logger.exception("notification outbox pass failed; retrying at the next poll")
                self._wake.wait(self.poll)
                self._wake.clear()
        finally:
            store.close()

    def send_once(self, store: Store) -> int:
        """One pass: queue what is new, then deliver what is due, channel by channel."""
        delivered = 0
        for channel in self.channels:
            with store.session() as session, session.begin():
                channel.queue(session)
            delivered += channel.deliver(store)
        return delivered


def outbox_sender(
    db_url: str, webhooks: WebhookSettings, notify: NotifySettings
) -> OutboxSender | None:
    """The thread sending the configured webhooks and Apprise messages; None when there are
    neither."""
    channels: list[Channel] = []
    if webhooks.urls:
        channels.append(WebhookChannel(webhooks))
    if notify.targets:
        channels.append(NotifyChannel(notify))
    return OutboxSender(db_url, channels, poll=webhooks.poll) if channels else None
