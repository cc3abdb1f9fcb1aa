from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in and accounts"

    def ready(self):
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        # A password change is audited (by whom, when) without the hash; sign-ins (last_login) are not.
        auditlog.register(
            get_user_model(),
            exclude_fields=["last_login"],
            mask_fields=["password"],
            mask_callable="accounts.audit.password_not_recorded",
        )

        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Setting up, replacing and resetting two-factor, by whom; never the secret, the codes or
        # the throttling counts (which change on every sign-in).
        for device in (TOTPDevice, StaticDevice):
            auditlog.register(device, include_fields=["user", "name", "confirmed"])

        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_save

        from . import sessions

        user_logged_in.connect(sessions.record_sign_in, dispatch_uid="assure-record-sign-in")
        user_logged_out.connect(sessions.end_sessions_on_sign_out, dispatch_uid="assure-end-sessions-on-sign-out")
        post_save.connect(
            sessions.end_sessions_on_deactivation, sender=get_user_model(), dispatch_uid="assure-end-on-deactivation"
        )

        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from core import security_log

        user_login_failed.connect(security_log.on_sign_in_refused, dispatch_uid="assure-log-sign-in-refused")
        user_locked_out.connect(security_log.on_locked_out, dispatch_uid="assure-log-locked-out")
        user_logged_in.connect(security_log.on_signed_in, dispatch_uid="assure-log-signed-in")
        user_logged_out.connect(security_log.on_signed_out, dispatch_uid="assure-log-signed-out")
