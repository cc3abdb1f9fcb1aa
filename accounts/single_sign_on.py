"""Signing in with an organisation's own account (OpenID Connect, e.g. Microsoft Entra ID).

The person types their work address; the partnership's provider for its domain
(`SingleSignOn.objects.for_email`) is sent the Authorization Code request with PKCE, a state and
a nonce (Authlib's Django client keeps all three in the session). On the way back the code is
exchanged and the ID token checked: its signature against the provider's published keys, the
issuer, the audience (exactly our client id), `azp` when present, expiry and the nonce. Then
`member_for_claims` finds the invited member, or refuses: no login or membership is ever
created here. The session counts as two-factor verified, by the organisation's sign-in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import FrameworkIntegration
from authlib.integrations.django_client import DjangoOAuth2App
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django_otp import login as otp_login
from joserfc.errors import JoseError

from agencies.members import invitation_accept, invitation_accept_with_new_login, username_for_address
from agencies.models import Invitation, SingleSignOn, SingleSignOnIdentity, email_domain
from core.security_log import security_event

SCOPE = "openid email profile"
# Keys a provider may sign ID tokens with: asymmetric only, never "none" or a shared secret.
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
# Clocks differ a little between Assure and a provider; an ID token is used at once.
LEEWAY_SECONDS = 60
PENDING = "assure_single_sign_on_pending"
SIGNED_IN_WITH = "assure_single_sign_on"


class SingleSignOnBackend(ModelBackend):
    """The authentication backend recorded in a session signed in by an organisation's sign-in
    (settings.SINGLE_SIGN_ON_BACKEND): it loads the user like Django's own, and never accepts a
    username and password."""

    def authenticate(self, request, **credentials):
        return None


@dataclass(frozen=True)
class Refusal:
    """Why this sign-in does not go on: `message` for the person, `reason` for the log."""

    message: str
    reason: str
    status: int = 403


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered nonsense, or its secret is not configured."""


class _Expired(Exception):
    """No sign-in under way in this session for the state the provider sent back."""


def member_for_claims(provider: SingleSignOn, claims: dict):
    """The active member of `provider`'s partnership whom these verified ID token claims name,
    or a Refusal. The account's link at this provider (issuer, client id, subject) decides
    first; otherwise the verified e-mail address, at one of the provider's domains, matched
    without regard to case against the partnership's members. Nobody is created."""
    partnership = provider.partnership
    email = str(claims.get("email") or "").strip()
    if "@" not in email:
        return Refusal(
            "Your organisation's sign-in did not give Assure your e-mail address, so Assure cannot find your "
            "account. Sign in with your Assure username and password instead.",
            "no_email",
        )
    if not _email_trusted(provider, claims):
        return Refusal(
            f"Your organisation's sign-in has not confirmed that {email} is your address, so Assure cannot use "
            "it to find your account. Sign in with your Assure username and password instead.",
            "email_not_verified",
        )
    if email_domain(email) not in provider.domains:
        return Refusal(
            f"{email} is not an address that {provider.name}'s sign-in is set up for in {partnership.name}. "
            "Sign in with your Assure username and password instead.",
            "domain_not_allowed",
        )
    no_account = Refusal(
        f"There is no Assure account for {email} in {partnership.name}. Ask your business manager to invite you.",
        "no_member",
    )
    linked = _identity(provider, claims)
    if linked is not None:
        return _usable(linked.user, partnership) or no_account
    members = list(
        get_user_model()
        .objects.filter(is_active=True, email__iexact=email, memberships__partnership=partnership)
        .distinct()[:2]
    )
    if len(members) > 1:
        return Refusal(
            f"More than one Assure login in {partnership.name} uses {email}, so Assure cannot tell which one is "
            "yours. Ask an Assure operator to give each login its own e-mail address.",
            "several_logins",
        )
    if not members:
        return no_account
    user = members[0]
    if _usable(user, partnership) is None:
        return no_account
    if SingleSignOnIdentity.objects.filter(user=user, issuer=claims["iss"], client_id=provider.client_id).exists():
        return Refusal(
            f"The Assure account for {email} is already linked to a different account at {provider.name}. "
            "Ask an Assure operator to check it.",
            "linked_to_another_subject",
        )
    return user


def invited_member_for_claims(request, provider: SingleSignOn, claims: dict):
    """For claims whose address member_for_claims verified but found no member for: the login
    that takes up a waiting invitation to the provider's partnership for that address, joined
    now (the invitation was sent to the address the organisation has just vouched for); None
    when no invitation waits, or a Refusal. The login is the one this provider's account is
    linked to, else the one login with that address, else a new one without a password."""
    invitation = (
        Invitation.objects.pending_for_email(claims["email"])
        .filter(partnership=provider.partnership)
        .order_by("-sent_at")
        .first()
    )
    if invitation is None:
        return None
    linked = _identity(provider, claims)
    if linked is not None:
        user = linked.user
    else:
        logins = list(get_user_model().objects.filter(email__iexact=claims["email"])[:2])
        if len(logins) > 1:
            return Refusal(
                f"More than one Assure login uses {claims['email']}, so Assure cannot tell which one is yours. "
                "Ask an Assure operator to give each login its own e-mail address.",
                "several_logins",
            )
        user = logins[0] if logins else None
        if (
            user is not None
            and SingleSignOnIdentity.objects.filter(
                user=user, issuer=claims["iss"], client_id=provider.client_id
            ).exists()
        ):
            return None  # that login belongs to another account at this provider
    if user is None:
        username = username_for_address(invitation.email)
        return invitation_accept_with_new_login(
            invitation=invitation, username=username, password=None, request=request
        ).user
    if not user.is_active or user.is_staff or user.is_superuser:
        return None
    invitation_accept(invitation=invitation, user=user, request=request)
    return user


def _email_trusted(provider: SingleSignOn, claims: dict) -> bool:
    """Verified by the provider; or, where the provider leaves the claim out (Entra ID) and the
    operator said to trust it, not denied (the domain is checked next, for everyone)."""
    verified = claims.get("email_verified")
    if verified is True or verified == "true":
        return True
    return verified is None and provider.trust_email_without_verified_claim


def _identity(provider: SingleSignOn, claims: dict) -> SingleSignOnIdentity | None:
    return (
        SingleSignOnIdentity.objects.select_related("user")
        .filter(issuer=claims["iss"], client_id=provider.client_id, subject=claims["sub"])
        .first()
    )


def _usable(user, partnership):
    """`user`, if an organisation's sign-in may sign them in to `partnership`: active, a member
    of it, and not an Assure operator (whose reach is every partnership, so no one
    organisation's sign-in vouches for them)."""
    if not user.is_active or user.is_staff or user.is_superuser:
        return None
    if not user.memberships.filter(partnership=partnership).exists():
        return None
    return user


def identity_link(*, provider: SingleSignOn, claims: dict, user) -> SingleSignOnIdentity:
    """The link between `user` and their account at `provider`, stored at the first sign-in."""
    identity, _ = SingleSignOnIdentity.objects.get_or_create(
        issuer=claims["iss"],
        client_id=provider.client_id,
        subject=claims["sub"],
        defaults={"user": user, "name": provider.name, "confirmed": True},
    )
    return identity


# The provider's settings and keys, fetched with a timeout and kept for a while.


def _fetched(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.SINGLE_SIGN_ON_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url}: {type(error).__name__}") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url}: not a JSON object")
    return document


def provider_metadata(provider: SingleSignOn, *, refresh: bool = False) -> dict:
    """The provider's discovery document, with its keys (`jwks`) and only the signing
    algorithms Assure accepts; cached for SINGLE_SIGN_ON_CACHE_SECONDS."""
    if settings.SINGLE_SIGN_ON_HTTPS_ONLY and not provider.issuer.startswith("https://"):
        raise ProviderUnavailable(f"{provider.issuer}: not https")
    key = _metadata_key(provider.issuer)
    metadata = None if refresh else cache.get(key)
    if metadata is None:
        metadata = _fetched(provider.discovery_url)
        if metadata.get("issuer") != provider.issuer or not metadata.get("jwks_uri"):
            raise ProviderUnavailable(f"{provider.discovery_url}: issuer or jwks_uri do not match")
        metadata["jwks"] = _fetched(metadata["jwks_uri"])
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        metadata["id_token_signing_alg_values_supported"] = [alg for alg in offered if alg in SIGNING_ALGORITHMS]
        cache.set(key, metadata, settings.SINGLE_SIGN_ON_CACHE_SECONDS)
    return metadata


def _metadata_key(issuer: str) -> str:
    return f"single-sign-on:{issuer}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def sign_in_origins() -> list[str]:
    """Where the sign-in form may lead (its page's Content-Security-Policy `form-action`, which
    browsers apply to the redirect after the form too): each enabled provider's issuer and, once
    known, its authorization endpoint."""
    origins = set()
    for issuer in SingleSignOn.objects.filter(enabled=True).values_list("issuer", flat=True):
        origins.add(_origin(issuer))
        metadata = cache.get(_metadata_key(issuer)) or {}
        if metadata.get("authorization_endpoint"):
            origins.add(_origin(metadata["authorization_endpoint"]))
    return sorted(origins)


class _Framework(FrameworkIntegration):
    """Authlib's state kept in the Django session (no token updates: Assure keeps no tokens)."""

    def update_token(self, token, refresh_token=None, access_token=None):
        return None


def oauth_client(provider: SingleSignOn, metadata: dict | None = None) -> DjangoOAuth2App:
    secret = os.environ.get(provider.secret_variable)
    if not secret:
        raise ProviderUnavailable(f"the environment variable {provider.secret_variable} is not set")
    metadata = metadata or provider_metadata(provider)
    return DjangoOAuth2App(
        _Framework(f"sso{provider.pk}"),
        name=f"sso{provider.pk}",
        client_id=provider.client_id,
        client_secret=secret,
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic",
            "default_timeout": settings.SINGLE_SIGN_ON_TIMEOUT_SECONDS,
        },
        **metadata,
    )


def callback_url(request) -> str:
    return request.build_absolute_uri(reverse("single_sign_on_callback"))


def sign_in_redirect_url(request, *, provider: SingleSignOn, email: str, next_url: str) -> str:
    """Where to send the person: the provider's authorization endpoint, with a new state, nonce
    and PKCE challenge kept in the session, and the address typed as a login hint."""
    client = oauth_client(provider)
    authorization = client.create_authorization_url(callback_url(request), login_hint=email)
    client.save_authorize_data(request, redirect_uri=callback_url(request), **authorization)
    request.session[PENDING] = {"state": authorization["state"], "provider": provider.pk, "next": next_url}
    return authorization["url"]


def _verified_claims(request, provider: SingleSignOn) -> dict:
    """The ID token's claims, once Authlib has exchanged the code (with the PKCE verifier) and
    checked the state, signature, nonce and azp; issuer, audience and expiry are required here,
    as Authlib checks the audience only when told to."""
    client = oauth_client(provider)
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "validate": lambda claims, aud: aud in (provider.client_id, [provider.client_id])},
        "exp": {"essential": True},
        "sub": {"essential": True},
    }
    token = client.authorize_access_token(request, claims_options=options, leeway=LEEWAY_SECONDS)
    if not token.get("userinfo"):
        raise JoseError("no ID token")
    return dict(token["userinfo"])


def sign_in_finish(request) -> tuple[Refusal | None, str]:
    """Finish the sign-in the provider sent the person back from: None and where to go next
    once they are signed in, or a Refusal. Every refusal is a security event."""
    pending = request.session.pop(PENDING, None) or {}
    next_url = pending.get("next") or reverse(settings.LOGIN_REDIRECT_URL)
    provider = (
        SingleSignOn.objects.filter(enabled=True, pk=pending.get("provider")).select_related("partnership").first()
    )
    try:
        if provider is None or pending.get("state") != request.GET.get("state"):
            raise _Expired
        if request.GET.get("error"):
            refusal = Refusal(
                f"{provider.name}'s sign-in did not sign you in. Start again, or sign in with your Assure username "
                "and password.",
                f"provider_error:{request.GET['error'][:40]}",
                400,
            )
        else:
            refusal = sign_in_complete(request, provider, _verified_claims(request, provider))
    except _Expired:
        refusal = Refusal("This sign-in link has expired or has already been used. Start again.", "unknown_state", 400)
    except (AuthlibBaseError, JoseError) as error:
        refusal = Refusal(
            "Your organisation's sign-in could not be checked, so you have not been signed in. Start again. If it "
            "happens again, ask your IT service desk.",
            f"token_refused:{type(error).__name__}:{getattr(error, 'claim', '') or getattr(error, 'error', '')}",
            400,
        )
    except (ProviderUnavailable, requests.RequestException):
        refusal = unavailable()
    if refusal is not None:
        security_event(
            "sign_in.refused",
            request,
            outcome="refused",
            method="sso",
            provider=provider.pk if provider else "",
            reason=refusal.reason,
            warning=True,
        )
    return refusal, next_url


def unavailable() -> Refusal:
    return Refusal(
        "Your organisation's sign-in is not answering at the moment. Try again in a few minutes, or sign in with "
        "your Assure username and password.",
        "provider_unavailable",
        503,
    )


@transaction.atomic
def sign_in_complete(request, provider: SingleSignOn, claims: dict) -> Refusal | None:
    """Sign the member these claims name in, under a new session key, with the organisation's
    sign-in as their second factor; or refuse."""
    member = member_for_claims(provider, claims)
    if isinstance(member, Refusal) and member.reason == "no_member":
        member = invited_member_for_claims(request, provider, claims) or member
    if isinstance(member, Refusal):
        return member
    identity = identity_link(provider=provider, claims=claims, user=member)
    login(request, member, backend=settings.SINGLE_SIGN_ON_BACKEND)
    otp_login(request, identity)
    request.session[SIGNED_IN_WITH] = provider.pk
    return None


def signed_in_by_organisation(request) -> SingleSignOn | None:
    """The organisation's sign-in this session's second factor is, if it is one."""
    if not isinstance(getattr(request.user, "otp_device", None), SingleSignOnIdentity):
        return None
    return SingleSignOn.objects.filter(pk=request.session.get(SIGNED_IN_WITH)).first()
