"""Requests sent at the same moment, for the tests of what PostgreSQL does when people collide."""

import threading

from django.db import connection


def post_at_once(clients, requests) -> list:
    """POST requests[n] (the arguments of client.post: url, then data if any) from clients[n], all
    at the same moment, each on its own thread and database connection; the responses in order."""
    start = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def post(number: int) -> None:
        try:
            start.wait()
            responses[number] = clients[number].post(*requests[number])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses
