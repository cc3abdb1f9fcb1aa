"""Where uploaded and generated files are kept: a local folder (MEDIA_ROOT) by default, or an
S3-compatible bucket when ASSURE_FILE_STORAGE=s3. Either way the files are private: the app
serves each one itself, after checking who is asking (docs/decisions/0024-files-in-object-storage.md)."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

FILE_STORAGE = (env_str("ASSURE_FILE_STORAGE", "local") or "local").strip().lower()


def s3_storage(*, bucket, endpoint_url, access_key, secret_key, region) -> dict:
    """The STORAGES entry for a private bucket: no public ACL, no unsigned URLs, and a file saved
    under a name already taken is refused a new name rather than written over (evidence is
    never replaced)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }


if FILE_STORAGE == "local":
    DEFAULT_FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("ASSURE_FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME, the bucket to keep files in.")
    DEFAULT_FILE_STORAGE = s3_storage(
        bucket=env_str("AWS_STORAGE_BUCKET_NAME"),
        endpoint_url=env_str("AWS_S3_ENDPOINT_URL") or None,
        access_key=env_str("AWS_ACCESS_KEY_ID") or None,
        secret_key=env_str("AWS_SECRET_ACCESS_KEY") or None,
        region=env_str("AWS_S3_REGION_NAME") or None,
    )
else:
    raise ImproperlyConfigured(f"ASSURE_FILE_STORAGE must be local or s3, not {FILE_STORAGE!r}.")
