"""Give the demo logins secrets of their own, so that production settings can serve the demo data."""

import base64
import secrets

from django.core.management.base import BaseCommand

from demo.logins import demo_logins_rekey


class Command(BaseCommand):
    help = (
        "Give every login with the demo's published password one new random password, and every "
        "authenticator on the demo's published key a new random key, and print both. For rehearsing "
        "production with the demo data (make prod-local); production refuses to start while a login "
        "has the published ones."
    )

    # The start's check refuses the very logins this command mends.
    requires_system_checks = []

    def handle(self, *args, **options):
        password = secrets.token_urlsafe(12)
        key = secrets.token_bytes(20)
        usernames = demo_logins_rekey(password=password, authenticator_key=key.hex())
        self.stdout.write(f"{len(usernames)} demo logins now have the password: {password}")
        self.stdout.write(f"Their authenticators now have the key: {base64.b32encode(key).decode()}")
